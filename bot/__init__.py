"""WBV-Bot: answers questions about the Werkstattgespräch of the Weiterbildungsverbünde."""

import os

# pydantic looks for plugins by reading the entry points of every installed distribution the first time
# a model is built: about 35 ms of start-up, for plugins this bot never uses. An operator who does want
# one sets the variable (pydantic's own switch) to something else.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
