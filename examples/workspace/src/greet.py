"""Greetings for the sample workspace."""


def greet(name, shout=False):
    """Return a greeting for name; an empty name greets the world."""
    text = "Hello, " + name + "!"
    if shout:
        text = text.upper()
    return text


def farewell(name):
    """Return a farewell for name."""
    return "Goodbye, " + name + "."
