"""The spaCy pipeline Rasa uses: blank zh + jieba with the domain dictionary + entity ruler."""
