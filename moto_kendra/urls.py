"""URL bases and paths, where moto looks for them beside ``models.py``."""

from .responses import KendraResponse

url_bases = [r"https?://kendra\.(.+)\.amazonaws\.com"]

url_paths = {"{0}/$": KendraResponse.dispatch, "{0}$": KendraResponse.dispatch}
