"""The aggregates of the 好差评 statistics (onego.ratings.statistics); imported by onego.ratings.models."""
