"""Generate examples/org_chart.csv: a synthetic client organisation of 345 people.

The chart looks like an HR export of a mid-sized Dutch service company
("Veldhuis Woondiensten", a housing association): a director, eight
departments with a head each, teams of four to twelve under team leads, a
few vacancies (a manager with no reports in the export) and one named
community manager in Communications. Everything is invented and seeded, so
running this script again gives the same file byte for byte::

    python3 examples/make_org_chart.py            # writes examples/org_chart.csv
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DEPARTMENTS: dict[str, list[str]] = {
    "Customer Service": ["Front Office", "Tenant Helpdesk", "Complaints", "Rent Collection",
                         "Neighbourhood Teams", "Customer Contact Centre"],
    "Communications": ["Internal Communications", "Online Channels", "Press and Public Affairs"],
    "HR": ["Recruitment", "Learning and Development", "Payroll and HR Administration"],
    "Marketing": ["Brand and Campaigns", "Market Research"],
    "Product Development": ["Housing Concepts", "Digital Services", "Sustainability Programme"],
    "Operations": ["Maintenance North", "Maintenance South", "Planning", "Inspections",
                   "Project Management", "Facilities"],
    "IT": ["Service Desk", "Applications", "Infrastructure", "Data and Reporting"],
    "Finance": ["Accounting", "Control", "Procurement"],
}
FIRST = ["Anna", "Bram", "Charlotte", "Daan", "Eva", "Finn", "Germaine", "Hugo", "Iris", "Jasper",
         "Kim", "Lotte", "Mohamed", "Noor", "Olaf", "Priya", "Quinten", "Roos", "Sanne", "Thijs",
         "Umut", "Vera", "Wouter", "Xander", "Yara", "Zeynep", "Ahmed", "Fleur", "Joost", "Lisa",
         "Marco", "Nina", "Pieter", "Sofie", "Tom", "Ilse", "Ruben", "Esther", "Koen", "Mila"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
        "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz",
        "El Amrani", "Kaya", "Hoekstra", "Verhoeven", "Kuipers", "Postma", "Willems"]
TEAM_SIZE = (4, 12)


def build(seed: int = 2026) -> list[dict[str, str]]:
    """Rows of the chart: the director, department heads, team leads, staff."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, str]] = []

    def person(manager: str, dept: str, role: str, team: str) -> str:
        pid = f"E{1001 + len(rows)}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows.append({"id": pid, "manager_id": manager, "department": dept, "role": role,
                     "name": name, "team": team})
        return pid

    top = person("", "Board", "manager", "Board")
    person(top, "Board", "employee", "Board")  # the director's office manager
    for dept, teams in DEPARTMENTS.items():
        head = person(top, dept, "manager", f"{dept} management")
        for team in teams:
            lead = person(head, dept, "manager", team)
            size = int(rng.integers(*TEAM_SIZE, endpoint=True))
            if dept == "Customer Service":
                size += 6  # the big front line
            if rng.random() < 0.06:
                continue  # a vacancy: the lead's team is not in this export
            for k in range(size):
                role = "community_manager" if (team == "Internal Communications"
                                               and k == 0) else "employee"
                person(lead, dept, role, team)
    return rows


def main() -> None:
    """Write the chart next to this script."""
    out = Path(__file__).with_name("org_chart.csv")
    rows = build()
    tmp = out.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(out)
    print(f"{out}: {len(rows)} people")


if __name__ == "__main__":
    main()
