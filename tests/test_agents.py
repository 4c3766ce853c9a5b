import mesa
from mesa.discrete_space import Network

from simulation.engine.agents import CommunityManager, Employee, Manager
from simulation.engine.model import CommunityModel


def test_every_person_is_a_mesa_agent_on_the_network(small):
    m = CommunityModel(small(headcount=400, weeks=10), seed=2)
    assert isinstance(m, mesa.Model)
    assert isinstance(m.grid, Network)
    assert len(m.agents) == 400
    managers = m.agents_by_type[Manager]
    assert len(managers) == int(m.org.is_manager.sum())
    assert len(m.agents_by_type[CommunityManager]) == 1
    for agent in m.agents:
        assert agent.cell is m.grid._cells[agent.pid]


def test_agents_read_the_arrays(small):
    m = CommunityModel(small(headcount=200, weeks=10), seed=2)
    m.run()
    for agent in list(m.agents)[:50]:
        assert agent.stage == ("unaware", "aware", "lurking", "contributing", "embedded",
                               "lapsed")[m.people.stage[agent.pid]]
        assert agent.habit == m.people.habit[agent.pid]
    mgr = next(iter(m.agents_by_type[Manager]))
    assert mgr.stance in {"champion", "neutral", "sceptic"}
    assert mgr.n_reports > 0


def test_no_cm_means_no_community_manager_agent(small):
    m = CommunityModel(small(headcount=200, community_manager__capacity="none"), seed=2)
    assert CommunityManager not in m.agents_by_type or not m.agents_by_type[CommunityManager]
    assert all(isinstance(a, Employee) for a in m.agents)


def test_steps_are_counted_like_mesa(small):
    m = CommunityModel(small(headcount=100, weeks=5), seed=1)
    m.run()
    assert m.week == 5 and m.steps == 5
