"""Assistant layer: reading a turn, choosing and composing an answer, calculator dialogues.

Plain Python over the knowledge layer: no Rasa imports, no wording (see presentation/).
"""
