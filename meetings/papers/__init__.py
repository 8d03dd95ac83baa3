"""Papers: checking an upload, storing its versions, who may open a file or a pack, the
links the pages give, and the views that serve the files."""
