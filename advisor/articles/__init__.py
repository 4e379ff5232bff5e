"""Articles: the KB article model and the parser of the classic KB text layouts."""

from advisor.articles.model import ARTICLE_ID, Article, ParseIssue, Section
from advisor.articles.parser import parse_article, read_article

__all__ = ["ARTICLE_ID", "Article", "ParseIssue", "Section", "parse_article", "read_article"]
