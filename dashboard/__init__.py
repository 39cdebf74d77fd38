"""Harbor: a caregiver support dashboard for families affected by ketamine misuse."""

__version__ = "0.1.0"
