//! The knowledge base: configured articles matched by weighted keywords
//! (PROCEDURES §5.1). Several matching keywords combine as 1 − Π(1 − w), so
//! one strong phrase or a few weak ones reach the answer threshold.

use crate::config::Article;
use crate::nlu::{normalize, Lang};

pub struct Kb {
    articles: Vec<Article>,
    /// Normalised keywords per article: (keyword, weight).
    keys: Vec<Vec<(String, f32)>>,
}

#[derive(Clone, Debug)]
pub struct Match<'a> {
    pub article: &'a Article,
    pub score: f32,
}

impl Kb {
    pub fn new(articles: &[Article]) -> Kb {
        let keys = articles
            .iter()
            .map(|a| a.keywords_zh.iter().chain(a.keywords_en.iter()).map(|(k, w)| (normalize(k), *w)).collect())
            .collect();
        Kb { articles: articles.to_vec(), keys }
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// Articles that match `text` at all, best first.
    pub fn search(&self, text: &str) -> Vec<Match<'_>> {
        let t = normalize(text);
        let mut out: Vec<Match> = self
            .articles
            .iter()
            .zip(&self.keys)
            .filter_map(|(a, keys)| {
                let miss: f32 = keys.iter().filter(|(k, _)| contains_term(&t, k)).map(|(_, w)| 1.0 - w).product();
                let score = 1.0 - miss;
                (score > 0.0).then_some(Match { article: a, score })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }
}

pub fn answer(a: &Article, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &a.answer_zh,
        Lang::En => &a.answer_en,
    }
}

pub fn title(a: &Article, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &a.title_zh,
        Lang::En => &a.title_en,
    }
}

/// `needle` in `hay`; an ASCII word must stand on word boundaries ("fee" is
/// not in "coffee"), CJK text needs none (Chinese is written unsegmented).
fn contains_term(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let ascii_edges = needle.starts_with(|c: char| c.is_ascii_alphanumeric());
    let ascii_end = needle.ends_with(|c: char| c.is_ascii_alphanumeric());
    for (i, _) in hay.match_indices(needle) {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        let ok_before = !ascii_edges || !before.is_some_and(|c| c.is_ascii_alphanumeric());
        let ok_after = !ascii_end || !after.is_some_and(|c| c.is_ascii_alphanumeric());
        if ok_before && ok_after {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn strong_phrase_answers_and_words_respect_boundaries() {
        let cfg = Config::embedded();
        let kb = Kb::new(&cfg.articles);
        let best = &kb.search("你们的保修期是多久？")[0];
        assert_eq!(best.article.id, "warranty");
        assert!(best.score >= cfg.kb.answer_threshold);
        assert!(kb.search("I'd like a coffee").iter().all(|m| m.article.id != "repair_fees"));
        assert!(contains_term("what are your opening hours?", "opening hours"));
        assert!(!contains_term("reopened", "open"));
    }
}
