"""Text keys looked up in Arrow, a whole column at once: pandas looks text up as Python objects, a
merge or a map of millions of strings a hundred times slower."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def positions(values, keys) -> np.ndarray:
    """Return the position of each of `values` among `keys` (-1 where absent), as
    `pd.Index(keys).get_indexer(values)` does for distinct keys."""
    found = pc.index_in(pa.array(values, pa.large_string()), value_set=pa.array(keys, pa.large_string()))
    return found.fill_null(-1).to_numpy()


def values_at(values: pd.Series, keys) -> np.ndarray:
    """Return the value (`values`, indexed by key) of each of `keys`, every one of them in the index."""
    return values.to_numpy()[positions(keys, values.index)]
