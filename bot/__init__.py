"""Runtime pieces around Rasa: the NLP pipeline, channels, widget and staff console."""
