"""faqbot: a grounded FAQ chatbot that answers only from its documents."""

__version__ = "0.1.0"
