"""Whether English names, titles and sentences are supported by the Arabic they render."""
