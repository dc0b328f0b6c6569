"""whosaid's question answering: the index, retrieval, question understanding and answers.

    from qa import open_index, Assistant
    assistant = Assistant(open_index())          # the default index (the demo article on first use)
    chat = assistant.conversation()
    answer = chat.ask("What did he say about NATO?")
"""
from qa.assistant import Assistant, Conversation
from qa.index import Index
from qa.indexer import Indexer, index_folder, open_index
from qa.records import Answer, Citation
from qa.report import IndexReport

__all__ = ["Answer", "Assistant", "Citation", "Conversation", "Index", "IndexReport", "Indexer", "index_folder",
           "open_index"]
