"""Custom Rasa input channels (WeChat Official Account, WeCom)."""
