"""Compiled loops for the hot spots of a week (numba), each bit-identical to the numpy it replaces.

Why: at the headcounts calibration and sensitivity analysis run (a few hundred
to a few thousand people) a week is dominated by fixed costs of many small
numpy/scipy calls, and at large headcounts by whole-matrix passes where only a
few rows matter. A loop compiled once does the same arithmetic, in the same
order, without those costs. Each kernel documents the numpy expression it
equals; ``cache=True`` keeps the compiled code on disk (``__pycache__``), so a
new process (a sweep's worker) loads it in milliseconds instead of compiling.

Every kernel takes plain arrays (a CSR matrix as ``indptr, indices``), never a
model, so it can be tested and timed on its own.
"""

from __future__ import annotations

import numba
import numpy as np

_jit = numba.njit(cache=True, nogil=True)


@_jit
def csr_contains(indptr: np.ndarray, indices: np.ndarray, a: np.ndarray,
                 b: np.ndarray) -> np.ndarray:
    """``matrix[a, b] != 0`` for a CSR matrix with sorted indices (binary search per pair).

    Equals scipy's fancy indexing ``matrix[a, b]`` (every stored entry of the
    model's 0/1 matrices is non-zero), without building a sparse result.
    """
    out = np.zeros(a.size, dtype=np.bool_)
    for k in range(a.size):
        lo = indptr[a[k]]
        hi = indptr[a[k] + 1]
        target = b[k]
        while lo < hi:
            mid = (lo + hi) >> 1
            if indices[mid] < target:
                lo = mid + 1
            else:
                hi = mid
        out[k] = lo < indptr[a[k] + 1] and indices[lo] == target
    return out


@_jit
def drop_rows_and_columns(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
                          gone: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts of ``D @ M @ D`` with ``D = diag(~gone)``, zeros eliminated.

    Keeps every stored entry whose row and column both stay, in the same order.
    """
    n = indptr.size - 1
    new_ptr = np.empty(n + 1, dtype=indptr.dtype)
    new_idx = np.empty(indices.size, dtype=indices.dtype)
    new_data = np.empty(data.size, dtype=data.dtype)
    w = 0
    new_ptr[0] = 0
    for i in range(n):
        if not gone[i]:
            for k in range(indptr[i], indptr[i + 1]):
                j = indices[k]
                if not gone[j] and data[k] != 0:
                    new_idx[w] = j
                    new_data[w] = data[k]
                    w += 1
        new_ptr[i + 1] = w
    return new_ptr, new_idx[:w].copy(), new_data[:w].copy()


@_jit
def inverse_distance_sums(indptr: np.ndarray, indices: np.ndarray,
                          sources: np.ndarray) -> np.ndarray:
    """For each source, ``sum over levels d of (people first reached at distance d) / d``.

    Breadth-first searches from 64 sources at once, one bit per source in a
    64-bit word per person (a multi-source BFS): a level is one pass over the
    ties, ``next[u] = OR of front[v] over u's row, minus what u has seen``.
    It is the multi-source sparse-product search it replaces
    (``graph @ front > 0`` on a people x 64 frontier, ``measures.hierarchy``)
    with bits for floats: the counts per level and the order of the sum are
    the same, so the sums are the same floats.
    """
    n = indptr.size - 1
    out = np.zeros(sources.size)
    one = np.uint64(1)
    for lo in range(0, sources.size, 64):
        k = min(64, sources.size - lo)
        seen = np.zeros(n, dtype=np.uint64)
        front = np.zeros(n, dtype=np.uint64)
        nxt = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            bit = one << np.uint64(j)
            seen[sources[lo + j]] |= bit
            front[sources[lo + j]] |= bit
        inv = np.zeros(k)
        found = np.zeros(k, dtype=np.int64)
        dist = 0
        while True:
            dist += 1
            found[:] = 0
            anything = False
            for u in range(n):
                acc = np.uint64(0)
                for e in range(indptr[u], indptr[u + 1]):
                    acc |= front[indices[e]]
                acc &= ~seen[u]
                nxt[u] = acc
                if acc:
                    anything = True
                    seen[u] |= acc
                    for j in range(k):
                        if (acc >> np.uint64(j)) & one:
                            found[j] += 1
            if not anything:
                break
            for j in range(k):
                inv[j] += found[j] / dist
            front, nxt = nxt, front
        out[lo:lo + k] = inv
    return out


@_jit
def csr_insert(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, rows: np.ndarray,
               cols: np.ndarray, value: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts of ``M + E`` where ``E`` holds ``value`` at (rows[k], cols[k]), none in ``M``.

    ``M`` has sorted indices; the pairs are distinct, sorted by row then column
    (``np.lexsort((cols, rows))``). The result is canonical (sorted, no
    duplicates), as scipy's sum of two canonical matrices is, in one pass.
    """
    n = indptr.size - 1
    k = rows.size
    new_ptr = np.empty(n + 1, dtype=np.int64)
    new_idx = np.empty(indices.size + k, dtype=indices.dtype)
    new_data = np.empty(indices.size + k, dtype=data.dtype)
    w = 0
    q = 0
    new_ptr[0] = 0
    for i in range(n):
        e = indptr[i]
        end = indptr[i + 1]
        while q < k and rows[q] == i:
            c = cols[q]
            while e < end and indices[e] < c:
                new_idx[w] = indices[e]
                new_data[w] = data[e]
                w += 1
                e += 1
            new_idx[w] = c
            new_data[w] = value
            w += 1
            q += 1
        while e < end:
            new_idx[w] = indices[e]
            new_data[w] = data[e]
            w += 1
            e += 1
        new_ptr[i + 1] = w
    return new_ptr, new_idx, new_data


@_jit
def cross_department_reads(indptr: np.ndarray, indices: np.ndarray, posters: np.ndarray,
                           posts: np.ndarray, dept: np.ndarray) -> np.ndarray:
    """Posts each person can read from contacts in other departments this week.

    Equals ``np.bincount(reader[cross], weights=posts[owner[cross]])`` over the
    posters' rows (``measures.impact``): the same additions in the same order.
    """
    seen = np.zeros(indptr.size - 1)
    for owner in posters:
        w = float(posts[owner])
        d = dept[owner]
        for k in range(indptr[owner], indptr[owner + 1]):
            reader = indices[k]
            if dept[reader] != d:
                seen[reader] += w
    return seen


@_jit
def csr_matvec(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
               x: np.ndarray) -> np.ndarray:
    """``M @ x`` for a CSR matrix: each row summed from 0 in stored order, as scipy does."""
    n = indptr.size - 1
    y = np.empty(n)
    for i in range(n):
        s = 0.0
        for k in range(indptr[i], indptr[i + 1]):
            s += data[k] * x[indices[k]]
        y[i] = s
    return y


@_jit
def scale_rows_and_columns(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
                           row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """Data of ``diag(row) @ M @ diag(col)``: ``data * row[i] * col[j]``, in that order.

    Equals ``data * row[np.repeat(arange(n), diff(indptr))] * col[indices]``
    without its three temporaries the length of the matrix.
    """
    out = np.empty(data.size)
    for i in range(indptr.size - 1):
        r = row[i]
        for k in range(indptr[i], indptr[i + 1]):
            out[k] = data[k] * r * col[indices[k]]
    return out
