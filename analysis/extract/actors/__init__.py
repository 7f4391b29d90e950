"""Actors: canonical names for people, governments and organisations, and who each speaker is."""

from analysis.extract.actors.gazetteer import ActorIndex
from analysis.extract.actors.persons import ACTOR_SPANS
from analysis.extract.actors.records import Speaker

__all__ = ["ACTOR_SPANS", "ActorIndex", "Speaker"]
