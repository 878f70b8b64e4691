"""Pandera schemas for every dataset of the data model, and their registry."""

from schemas.registry import DATASETS, ColumnSpec, Dataset, get

__all__ = ["DATASETS", "ColumnSpec", "Dataset", "get"]
