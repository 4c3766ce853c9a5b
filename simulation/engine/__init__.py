"""The engine: the Mesa model, people's state, the weekly dynamics and its components.

``model`` walks the week; ``people`` holds the state arrays; ``context`` is what
levers hand the dynamics; ``dynamics`` moves people; ``organisational_change``
and ``reduced`` are components of the week; ``agents`` are the Mesa face.
"""
