//! Entity extraction: order number, phone, email, name, product, model,
//! serial, amount, date, address.
//!
//! The *shapes* (what a phone number looks like) are code; the *lists*
//! (which products exist) are data in `intents/entities.toml`. Every regex
//! runs on the lowered normalised text, and values are sliced out of the
//! cased text, whose byte offsets are identical. Number-shaped entities
//! are only looked for when the text has a digit, which keeps chit-chat
//! cheap.

use regex::Regex;

use super::lexicon::{Hit, Lexicon};
use super::{Entities, Lang};

pub(crate) struct Extractor {
    order: Regex,
    phone: Regex,
    email: Regex,
    name_zh: Regex,
    name_en: Regex,
    model: Regex,
    serial: Regex,
    serial_bare: Regex,
    amount_pre: Regex,
    amount_post: Regex,
    amount_wan: Regex,
    date_ymd: Regex,
    date_raw: Regex,
    addr_label: Regex,
    addr_zh: Regex,
    addr_en: Regex,
    /// canonical (zh, en) per product alias
    pub products: Lexicon<(String, String)>,
}

/// Characters that end a Chinese given name in "我叫张三想投诉". Common
/// given-name characters (明, 小, 刚, 家 ...) are deliberately absent:
/// "王小明" is a name, not "王小" + 明天.
const NAME_STOP: &str = "想要的在是我和你来打了购买投报问咨电手今昨住说请就也都还这那";

impl Extractor {
    pub fn new(products: Lexicon<(String, String)>) -> Extractor {
        let r = |s: &str| Regex::new(s).expect("built-in entity regex");
        Extractor {
            order: r(r"(?:订单编号|订单号码|订单号|订单|单号|order\s*(?:no\.?|number|num|id|#)?|ord#)\s*(?:是|为|:|#|no\.?)?\s*#?\s*([a-z]{0,4}-?[0-9][0-9a-z-]{3,30})"),
            phone: r(r"(?:^|[^0-9+])((?:\+|00)?(?:86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]){8}|\+[1-9][0-9]{0,2}(?:[\s-]?[0-9]){6,13}|0[1-9][0-9]{1,2}-[1-9][0-9]{6,7})(?:[^0-9]|$)"),
            email: r(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"),
            name_zh: r(r"(?:我叫|我的名字是|我的名字叫|本人姓名|姓名[:：]?|我姓)\s*([\p{Han}]{1,3})|(?:我是|本人是|这里是)\s*([\p{Han}]{1,2}(?:先生|女士|小姐|老师|师傅))|(?:^|[,，、;；\s])([\p{Han}](?:先生|女士|小姐))(?:[,，、。;；\s]|$)"),
            name_en: r(r"(?i:my name is|my name's|name:|this is|i am|i'm)\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)|(?i:my name is|name:)\s+([a-z]+(?: [a-z]+)?)"),
            model: r(r"(?:型号|机型|model(?:\s*(?:no\.?|number|#))?)\s*(?:是|为|:|#)?\s*([a-z0-9][a-z0-9/.\-]*[0-9][a-z0-9/.\-]*|[a-z]+[0-9][a-z0-9/.\-]*)"),
            serial: r(r"(?:序列号|串号|机身号|编号|sn码|s/n|serial(?:\s*(?:no\.?|number|#))?|imei)\s*(?:是|为|:|#)?\s*([a-z0-9][a-z0-9\-]{3,30})"),
            serial_bare: r(r"(?:^|[^a-z0-9])(sn[0-9][0-9a-z]{4,30})(?:[^a-z0-9]|$)"),
            amount_pre: r(r"(?:¥|\$|€|£|rmb|cny|usd|us\$|hk\$)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|k)?"),
            amount_post: r(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|千|k)?\s*(?:元|块钱|块|人民币|rmb|cny|yuan|dollars?|usd|bucks|euros?|eur|pounds?|hkd)"),
            amount_wan: r(r"(?:赔偿?|退|补偿|损失|花了|要求)\D{0,3}([0-9]+(?:\.[0-9]+)?)\s*万"),
            date_ymd: r(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*(?:[-/.]|年)\s*([0-9]{1,2})\s*(?:[-/.]|月)\s*([0-9]{1,2})(?:[日号]|[^0-9]|$)"),
            date_raw: r(r"[0-9]{1,2}月[0-9]{1,2}[日号]|[0-9]{1,2}月份?|上个?(?:周|星期|礼拜|月)[一二三四五六日天]?|大?前天|昨天|昨晚|今天|今早|去年|前几天|这几天|上周末|本周|这周|(?-u:\b)(?:last|this|past) (?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|night)(?-u:\b)|(?-u:\b)yesterday(?-u:\b)|(?-u:\b)today(?-u:\b)|(?-u:\b)[0-9]+ (?:days?|weeks?|months?) ago(?-u:\b)|(?-u:\b)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? [0-9]{1,2}(?:st|nd|rd|th)?(?-u:\b)|(?-u:\b)[0-9]{1,2}(?:st|nd|rd|th)? (?:of )?(?:january|february|march|april|june|july|august|september|october|november|december)(?-u:\b)"),
            addr_label: r(r"(?:地址|住址|收货地址|上门地址|address)\s*(?:是|为|in|is)?\s*[:：]?\s*((?:[^,;!?\n]|, ){4,80})"),
            addr_zh: r(r"(?:住在|我家在|家住|地址在|寄到|送到|上门到)\s*([\p{Han}0-9a-z\-#]{2,40}(?:省|市|区|县|镇|乡|村|路|街|道|巷|号|弄|小区|大厦|花园|公寓|栋|单元|室|楼)[\p{Han}0-9a-z\-#]{0,30})"),
            addr_en: r(r"(?:i live at|i live in|i'm at|located at|deliver(?:ed)? to|send (?:it|the engineer|someone) to|come to)\s+([0-9][^;!?\n]{3,80}|[^;!?\n]{3,60}(?:street|st\.?|road|rd\.?|avenue|ave\.?|lane|drive|apt\.? ?[0-9]+|flat [0-9]+)(?-u:\b))"),
            products,
        }
    }

    /// Fill `e` from the text. `cased`/`lower` are the normalised pair.
    pub fn extract(&self, cased: &str, lower: &str, lang: Lang, hits: &mut Vec<Hit>) -> Entities {
        let mut e = Entities::default();
        let has_digit = lower.bytes().any(|b| b.is_ascii_digit());
        if lower.contains('@') {
            e.email = self.email.find(lower).map(|m| m.as_str().to_string());
        }
        if has_digit {
            if let Some(c) = self.phone.captures(lower) {
                let m = c.get(1).unwrap();
                let mut digits: String = m.as_str().chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                // mainland mobile: keep the 11 digits
                let plain = digits.trim_start_matches('+').trim_start_matches("00").to_string();
                if plain.len() == 13 && plain.starts_with("86") && plain.as_bytes()[2] == b'1' {
                    digits = plain[2..].to_string();
                } else if plain.len() == 11 && plain.starts_with('1') {
                    digits = plain;
                }
                e.phone = Some(digits);
            }
            for c in self.order.captures_iter(lower) {
                let m = c.get(1).unwrap();
                let v = cased[m.start()..m.end()].trim_end_matches('-').to_ascii_uppercase();
                let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
                if e.phone.as_deref().is_some_and(|p| p.ends_with(&digits) && digits.len() >= 7) {
                    continue; // "订单联系电话 138..." is a phone, not an order
                }
                e.order_no = Some(v);
                break;
            }
            if let Some(c) = self.model.captures(lower) {
                let m = c.get(1).unwrap();
                e.model = Some(cased[m.start()..m.end()].trim_end_matches(['.', '-', '/']).to_ascii_uppercase());
            }
            let serial = self.serial.captures(lower).or_else(|| self.serial_bare.captures(lower));
            if let Some(c) = serial {
                let m = c.get(1).unwrap();
                let v = cased[m.start()..m.end()].to_ascii_uppercase();
                if v.bytes().any(|b| b.is_ascii_digit()) {
                    e.serial = Some(v);
                }
            }
            e.amount = self.amount(lower);
            if let Some(c) = self.date_ymd.captures(lower) {
                let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
                let (y, mo, d) = (n(1), n(2), n(3));
                if (1..=12).contains(&mo) && (1..=31).contains(&d) {
                    e.date = Some(format!("{y:04}-{mo:02}-{d:02}"));
                }
            }
        }
        if e.amount.is_none() {
            e.amount = cn_amount(lower);
        }
        if e.date.is_none() {
            if let Some(m) = self.date_raw.find(lower) {
                e.date = Some(cased[m.start()..m.end()].to_string());
            }
        }
        e.name = self.name(cased, lower);
        e.address = self.address(cased, lower);
        self.products.find(lower, hits);
        // "phone 138…" / "手机13812345678" is the label of a number, not the product.
        let labels_a_number = |end: usize| {
            let rest = lower[end..].trim_start_matches([' ', ':', '：', '号']);
            rest.starts_with(|c: char| c.is_ascii_digit() || c == '+')
        };
        if let Some(h) = hits.iter().find(|h| !labels_a_number(h.end)) {
            let (zh, en) = &self.products.payload[h.id as usize][0];
            e.product = Some(if lang == Lang::Zh { zh.clone() } else { en.clone() });
        }
        e
    }

    fn amount(&self, lower: &str) -> Option<f64> {
        let num = |s: &str| s.replace(',', "").parse::<f64>().ok();
        let scale = |u: Option<regex::Match>| match u.map(|m| m.as_str()) {
            Some("万") => 10_000.0,
            Some("千") | Some("k") => 1_000.0,
            _ => 1.0,
        };
        let mut best: Option<(usize, f64)> = None;
        let mut consider = |at: usize, v: Option<f64>| {
            if let Some(v) = v.filter(|v| v.is_finite() && *v > 0.0) {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, v));
                }
            }
        };
        if let Some(c) = self.amount_pre.captures(lower) {
            consider(c.get(0).unwrap().start(), num(&c[1]).map(|v| v * scale(c.get(2))));
        }
        if let Some(c) = self.amount_post.captures(lower) {
            consider(c.get(0).unwrap().start(), num(&c[1]).map(|v| v * scale(c.get(2))));
        }
        if let Some(c) = self.amount_wan.captures(lower) {
            consider(c.get(1).unwrap().start(), num(&c[1]).map(|v| v * 10_000.0));
        }
        best.map(|(_, v)| v)
    }

    fn name(&self, cased: &str, lower: &str) -> Option<String> {
        if let Some(c) = self.name_zh.captures(lower) {
            if let Some(m) = c.get(2).or_else(|| c.get(3)) {
                return Some(cased[m.start()..m.end()].to_string());
            }
            let m = c.get(1)?;
            let mut name: String = cased[m.start()..m.end()].to_string();
            // "我叫张三想..." -> 张三
            while name.chars().count() > 2 && name.chars().last().is_some_and(|c| NAME_STOP.contains(c)) {
                name.pop();
            }
            if name.chars().count() == 3 && name.chars().nth(2).is_some_and(|c| NAME_STOP.contains(c)) {
                name = name.chars().take(2).collect();
            }
            if !name.chars().next().is_some_and(|c| NAME_STOP.contains(c)) {
                return Some(name);
            }
        }
        // English: capitalised words after the cue, or anything after "my name is".
        let c = self.name_en.captures(cased)?;
        let m = c.get(1).or_else(|| c.get(2))?;
        let v = m.as_str().trim();
        const NOT_NAMES: &[&str] = &["Not", "Very", "So", "Really", "Just", "Still", "Having", "Trying", "Looking", "Calling", "Writing", "The", "A", "An", "Here", "Sorry", "Happy", "Unhappy", "Angry", "Interested", "Going", "Wondering", "In", "On", "At", "Ridiculous", "Unacceptable"];
        let first = v.split([' ', '-']).next().unwrap_or("");
        if NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(first)) {
            return None;
        }
        Some(v.to_string())
    }

    fn address(&self, cased: &str, lower: &str) -> Option<String> {
        let caps = self.addr_label.captures(lower).or_else(|| self.addr_zh.captures(lower)).or_else(|| self.addr_en.captures(lower))?;
        let m = caps.get(1)?;
        let mut v = &cased[m.start()..m.end()];
        // "地址：xx路12号 电话138..." -> stop before the next field
        for stop in ["电话", "手机", "联系", "姓名", "phone", "tel", "mobile", "my name", "email"] {
            if let Some(p) = lower[m.start()..m.end()].find(stop).filter(|&p| p > 0) {
                v = &v[..p.min(v.len())];
            }
        }
        let v = v.trim().trim_end_matches(['.', ',', '，', '。', ' ']).trim();
        (v.chars().count() >= 3).then(|| v.to_string())
    }
}

/// An amount written in Chinese numerals: "赔偿一万元", "五千块", "两万五".
/// Only with a currency word, or after a claim verb, so "一万个理由" is no money.
fn cn_amount(lower: &str) -> Option<f64> {
    const DIGITS: &str = "零一二两三四五六七八九十百千万";
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !DIGITS.contains(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && DIGITS.contains(chars[i].1) {
            i += 1;
        }
        let run: String = chars[start..i].iter().map(|(_, c)| *c).collect();
        let after = &lower[chars.get(i).map_or(lower.len(), |c| c.0)..];
        let before = &lower[..chars[start].0];
        let money_after = ["元", "块", "人民币"].iter().any(|w| after.starts_with(w));
        let claim_before = ["赔偿", "赔", "赔我", "退", "退我", "补偿", "损失", "花了", "要求", "要"].iter().any(|w| before.ends_with(w));
        let numeral = run.chars().count() >= 2 || run.contains(['十', '百', '千', '万']);
        if numeral && (money_after || claim_before) {
            if let Some(v) = parse_cn(&run).filter(|v| *v > 0.0) {
                return Some(v);
            }
        }
    }
    None
}

/// "两万五千" = 25000, "一万五" = 15000, "三百" = 300, "十" = 10.
fn parse_cn(s: &str) -> Option<f64> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as f64).or(if c == '两' { Some(2.0) } else { None });
    let mut total = 0.0;
    let mut section = 0.0;
    let mut current: Option<f64> = None;
    let mut last_unit = 1.0;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 10_000.0,
            _ => return None,
        };
        if unit == 10_000.0 {
            total += (section + current.unwrap_or(0.0)) * unit;
            section = 0.0;
            last_unit = 10_000.0;
        } else {
            section += current.unwrap_or(1.0) * unit;
            last_unit = unit;
        }
        current = None;
    }
    // A trailing digit takes the next lower unit: "一万五" = 15000, "三千二" = 3200.
    let tail = current.map(|d| if last_unit >= 10.0 { d * last_unit / 10.0 } else { d }).unwrap_or(0.0);
    Some(total + section + tail)
}
