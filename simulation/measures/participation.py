"""Participation inequality: who writes the posts (Nielsen's 90-9-1; van Mierlo 2014).

Members are people who ever adopted (started reading). Each week we report
the share of posts written by the top 1 % and top 10 % of members, both over
a trailing window (``impact.window`` weeks, a quarter by default: the
"period" a community manager looks at) and since the start, and the share of
members who never posted. Nielsen (2006) and van Mierlo (2014) report, at steady state,
the top 1 % writing at least half the posts and 60-90 % of members never
posting.

Cost per week: a ring buffer update and ``np.partition`` over the writers only —
linear in headcount, no sorting of everyone.
"""

from __future__ import annotations

import math

import numpy as np

PARTICIPATION_COLUMNS = ("top1_share", "top10_share", "top1_share_cum", "top10_share_cum",
                         "never_posted")


def top_share(posts: np.ndarray, members: int, fraction: float) -> float:
    """Share of all ``posts`` written by the top ``fraction`` of ``members`` people.

    The top group has ``ceil(fraction * members)`` people (at least one), so a
    small community still has a "top 1 %" of one person. Non-members have no
    posts, so ranking everyone gives the same answer as ranking members.
    """
    total = float(posts.sum())
    if total <= 0 or members <= 0:
        return 0.0
    k = max(1, math.ceil(fraction * members))
    writers = posts[posts > 0]  # only writers can be in the top; usually a few per cent
    if k >= writers.size:
        return 1.0
    return float(np.partition(writers, writers.size - k)[writers.size - k:].sum() / total)


class Participation:
    """Trailing and cumulative posting inequality, kept on arrays."""

    def __init__(self, n: int, window: int) -> None:
        self.window = window
        self.buffer = np.zeros((window, n), dtype=np.int32)
        self.recent = np.zeros(n, dtype=np.int64)
        self.slot = 0

    def update(self, posts: np.ndarray) -> None:
        """Add this week's posts; drop the week that leaves the window."""
        self.recent += posts - self.buffer[self.slot]
        self.buffer[self.slot] = posts
        self.slot = (self.slot + 1) % self.window

    def report(self, n_posts: np.ndarray, ever_adopted: np.ndarray) -> dict[str, float]:
        """top1/top10 shares (window and cumulative) and the never-posted share of members."""
        members = int(ever_adopted.sum())
        never = float(np.mean(n_posts[ever_adopted] == 0)) if members else 0.0
        return {
            "top1_share": top_share(self.recent, members, 0.01),
            "top10_share": top_share(self.recent, members, 0.10),
            "top1_share_cum": top_share(n_posts, members, 0.01),
            "top10_share_cum": top_share(n_posts, members, 0.10),
            "never_posted": never,
        }
