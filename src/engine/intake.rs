//! Intake: fill a ticket's form from the customer's own words, ask only
//! for what is missing (one question at a time, never the same question
//! twice unless the answer was unusable), accept corrections, register.

use chrono::{DateTime, Utc};

use super::{reply, Engine, OutputKind, Result, Turn};
use crate::config::Choice;
use crate::domain::conversation::{Button, Conversation, Draft, Step, Timer, TimerKind};
use crate::domain::severity::{self, Facts};
use crate::domain::{Area, Event, Grade, Kind, NewTicket, Severity, Status, TicketId};
use crate::nlu::{normalize, Cue, Lang, Understanding};

impl Engine {
    pub(super) fn start_intake(&self, conv: &mut Conversation, kind: Kind, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        if u.cues.contains(&Cue::Safety) {
            // PROCEDURES §5.4: safety first, whatever the hour.
            let msg = self.t(conv.lang, "safety_notice", &[("emergency", &self.cfg.general.emergency)]);
            turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, vec![]));
        }
        let mut d = Draft::new(kind, Default::default(), now);
        d.cues = u.cues.clone();
        d.amount = u.entities.amount;
        d.text = text.to_string();
        // Contact details this customer already gave on an earlier ticket.
        let prev = match conv.tickets.last() {
            Some(id) => self.store.ticket(id)?,
            None => None,
        };
        if let Some(prev) = prev {
            for f in ["name", "phone"] {
                if let Some(v) = prev.fields.get(f) {
                    d.fields.insert(f.to_string(), v.clone());
                }
            }
        }
        if substantive(text) {
            let f = match kind {
                Kind::Complaint => "description",
                Kind::Repair => "fault",
                Kind::Inquiry => "question",
            };
            d.fields.insert(f.to_string(), text.to_string());
        }
        self.fill_from_entities(&mut d, text, u);
        self.next_question(conv, d, Vec::new(), false, now, turn)
    }

    pub(super) fn continue_intake(&self, conv: &mut Conversation, mut d: Draft, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        d.text.push('\n');
        d.text.push_str(text);
        for c in &u.cues {
            if !d.cues.contains(c) {
                d.cues.push(*c);
            }
        }
        d.cues.sort();
        d.amount = match (d.amount, u.entities.amount) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let required = self.required(d.kind);
        let before = d.fields.len();
        let corrected: Vec<String> = self.fill_from_entities(&mut d, text, u).into_iter().filter(|f| required.contains(f)).collect();
        let filled_any = d.fields.len() > before || !corrected.is_empty();
        // "Ned Park, 138…" / "张三 138…": the words beside a phone number are a name.
        if u.entities.phone.is_some() && !d.fields.contains_key("name") && d.asking.as_deref() != Some("name") {
            let rest = strip_entities(text, u);
            if looks_like_name(&rest) {
                d.fields.insert("name".into(), rest);
            }
        }
        let mut unusable = false;
        if let Some(f) = d.asking.clone() {
            if !d.fields.contains_key(&f) && u.intent == crate::nlu::Intent::Inquiry && !self.unsure(u) {
                // A question in the middle of the form ("你们几点下班？"): answer
                // it if the knowledge base can, and ask for the field again.
                if let Some(m) = self.kb.search(text).into_iter().find(|m| m.score >= self.cfg.kb.answer_threshold) {
                    let answer = crate::kb::answer(m.article, conv.lang).to_string();
                    turn.push(self.to_customer(conv, OutputKind::Answer, None, answer, vec![]));
                    d.asked.retain(|a| a != &f);
                    return self.next_question(conv, d, corrected, false, now, turn);
                }
            }
            let rest = strip_entities(text, u);
            // "空调" answering "what is the fault?" names the product, it describes nothing.
            let just_product = matches!(f.as_str(), "fault" | "description") && u.entities.product.is_some() && rest.chars().count() <= 8 && self.unsure(u);
            let consumed = just_product || (d.fields.get("name").is_some_and(|n| *n == rest) && f != "name");
            if !d.fields.contains_key(&f) && !consumed {
                match self.free_answer(&f, &rest) {
                    Some(v) => {
                        d.fields.insert(f, v);
                    }
                    // "Couldn't use that" only if the message gave us nothing at all.
                    None => unusable = !filled_any,
                }
            }
        }
        self.next_question(conv, d, corrected, unusable, now, turn)
    }

    pub(super) fn button_field(&self, conv: &mut Conversation, mut d: Draft, field: &str, value: &str, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let choices = match field {
            "wants" => &self.cfg.remedies,
            "visit_window" => &self.cfg.visit_windows,
            _ => return self.next_question(conv, d, Vec::new(), false, now, turn),
        };
        if let Some(c) = choices.iter().find(|c| c.value == value) {
            d.fields.insert(field.to_string(), c.value.clone());
        }
        self.next_question(conv, d, Vec::new(), false, now, turn)
    }

    /// Put every entity of the message into the form. Returns the fields
    /// whose earlier value this message corrected.
    pub(super) fn fill_from_entities(&self, d: &mut Draft, text: &str, u: &Understanding) -> Vec<String> {
        let e = &u.entities;
        let mut corrected = Vec::new();
        // A value already given is replaced only when the customer says it
        // was wrong ("电话说错了，是…"); "my wife's number is …" adds nothing.
        let correcting = says_correction(text);
        let mut set = |d: &mut Draft, field: &str, v: Option<String>| {
            let Some(v) = v else { return };
            match d.fields.get(field) {
                None => {
                    d.fields.insert(field.to_string(), v);
                }
                Some(old) if *old != v && correcting => {
                    d.fields.insert(field.to_string(), v);
                    if field != "identifier" {
                        corrected.push(field.to_string());
                    }
                }
                Some(_) => {}
            }
        };
        set(d, "name", e.name.clone());
        set(d, "phone", e.phone.clone().or_else(|| e.email.clone()));
        set(d, "order_no", e.order_no.clone());
        set(d, "amount", e.amount.map(|a| format!("{a}")));
        match d.kind {
            Kind::Complaint => {
                set(d, "product", e.product.clone());
                set(d, "model", e.model.clone());
                set(d, "serial", e.serial.clone());
                set(d, "identifier", e.order_no.clone().or_else(|| e.model.clone()).or_else(|| e.serial.clone()));
                set(d, "date", e.date.clone());
                set(d, "address", e.address.clone());
                set(d, "wants", pick(&self.cfg.remedies, text));
            }
            Kind::Repair => {
                set(d, "product", e.product.clone());
                set(d, "model", e.model.clone());
                set(d, "serial", e.serial.clone().or_else(|| e.order_no.clone()));
                set(d, "purchase_date", e.date.clone());
                set(d, "address", e.address.clone());
                set(d, "visit_window", pick(&self.cfg.visit_windows, text));
            }
            Kind::Inquiry => {}
        }
        corrected
    }

    /// A reply to the question for `field` that carried no recognised
    /// entity: taken as written where free text makes sense, refused where
    /// the value must have a shape (a phone number).
    fn free_answer(&self, field: &str, text: &str) -> Option<String> {
        let t = text.trim();
        let n = t.chars().count();
        let has_digit = t.chars().any(|c| c.is_ascii_digit());
        let question = t.contains(['?', '？']);
        let sentence = n > 12 && t.contains([',', '，', '。', ';', '；']);
        // Short-valued fields do not take a whole story, a sentence or a question.
        let short = |max: usize| (1..=max).contains(&n) && !question && !sentence;
        let ok = match field {
            "description" | "fault" | "question" => n >= 2,
            "phone" => {
                let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
                (7..=15).contains(&digits) && t.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
            }
            "name" => short(20) && !has_digit,
            "identifier" | "serial" => short(40) && n >= 4 && has_digit,
            "model" => short(40) && n >= 2 && t.chars().any(|c| c.is_ascii_alphanumeric()),
            "address" => (4..=200).contains(&n) && !question,
            // A date the entity extractor did not read must at least have a number in it.
            "date" | "purchase_date" => short(30) && has_digit,
            "product" | "visit_window" => short(30),
            "wants" => (1..=200).contains(&n) && !question,
            _ => n > 0,
        };
        ok.then(|| t.to_string())
    }

    fn required(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Complaint => &self.cfg.intake.complaint,
            Kind::Repair => &self.cfg.intake.repair,
            Kind::Inquiry => &self.cfg.intake.inquiry,
        }
    }

    /// Fields still to ask. A complaint with S3 cues (safety, media, legal,
    /// regulator, group, a large claim) asks only `intake.complaint_urgent`:
    /// a person calls back within the hour for the rest.
    pub(super) fn missing(&self, d: &Draft) -> Vec<String> {
        let urgent = d.kind == Kind::Complaint
            && (d.cues.iter().any(|c| matches!(c, Cue::Safety | Cue::Media | Cue::Legal | Cue::Regulator | Cue::Group))
                || d.amount.is_some_and(|a| a >= self.cfg.severity.s3_amount));
        let req = if urgent { &self.cfg.intake.complaint_urgent } else { self.required(d.kind) };
        req.iter().filter(|f| !d.fields.contains_key(*f)).cloned().collect()
    }

    /// Ask for the next missing field, or register when none is missing.
    pub(super) fn next_question(&self, conv: &mut Conversation, mut d: Draft, corrected: Vec<String>, unusable: bool, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let l = conv.lang;
        let missing = self.missing(&d);
        let mut prefix = String::new();
        for f in &corrected {
            prefix.push_str(&self.t(l, "noted", &[("field", &self.cfg.field_name(f, l))]));
            prefix.push(' ');
        }
        let Some(field) = missing.first().cloned() else {
            self.register(conv, d, Vec::new(), false, now, turn)?;
            conv.step = Step::Idle;
            return Ok(());
        };
        let name = self.cfg.field_name(&field, l);
        let key = if unusable && d.asking.as_deref() == Some(field.as_str()) {
            "ask_again"
        } else if d.asked.is_empty() {
            "ask_first"
        } else {
            "ask_field"
        };
        let kind = self.kind_name(d.kind, l);
        let text = format!("{prefix}{}", self.t(l, key, &[("field", &name), ("kind", &kind)]));
        let buttons = match field.as_str() {
            "wants" => choice_buttons(&self.cfg.remedies, "wants", l),
            "visit_window" => choice_buttons(&self.cfg.visit_windows, "visit_window", l),
            _ => Vec::new(),
        };
        if !d.asked.contains(&field) {
            d.asked.push(field.clone());
        }
        d.asking = Some(field);
        conv.pending = buttons.clone();
        conv.step = Step::Intake(d);
        turn.push(self.to_customer(conv, OutputKind::Ask, None, text, buttons));
        Ok(())
    }

    /// Remind and expiry timers for an open form, from this message on.
    /// Called after every customer input that leaves a form open, whatever
    /// it was (an answer, an empty message, a status question): the timers
    /// of older versions go stale.
    pub(super) fn arm_intake_timers(&self, conv: &Conversation, now: DateTime<Utc>) -> Result<()> {
        if !matches!(conv.step, Step::Intake(_)) {
            return Ok(());
        }
        for (span, what) in [
            (self.cfg.intake.remind_after, TimerKind::IntakeRemind { conversation: conv.key.clone(), version: conv.version }),
            (self.cfg.intake.expire_after, TimerKind::IntakeExpire { conversation: conv.key.clone(), version: conv.version }),
        ] {
            self.store.schedule(&Timer { at: self.cal.add(now, span), what })?;
        }
        Ok(())
    }

    /// A message right after registration that corrects a detail ("电话说错了，
    /// 是139…") or repeats the same report: it amends or points to that
    /// ticket instead of opening another. Returns whether it did.
    pub(super) fn amend_recent(&self, conv: &mut Conversation, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<bool> {
        let Some(id) = conv.tickets.last().cloned() else { return Ok(false) };
        let Some(t) = self.store.ticket(&id)? else { return Ok(false) };
        let window = chrono::Duration::seconds(self.cfg.intake.remind_after.secs);
        if now - t.created_at > window || !t.is_open() {
            return Ok(false);
        }
        let l = conv.lang;
        let same = ["description", "fault", "question"].iter().any(|f| t.fields.get(*f).is_some_and(|v| v.trim() == text.trim()));
        if same {
            return self.ticket_status(conv, &id, turn).map(|_| true);
        }
        if !says_correction(text) || self.new_case(u) {
            return Ok(false);
        }
        let mut d = Draft::new(t.kind, t.fields.clone(), now);
        // "订单号写错了，应该是2026…": the label and the number are apart.
        let mut u = u.clone();
        let lower = normalize(text);
        if u.entities.order_no.is_none() && ["订单", "单号", "order"].iter().any(|w| lower.contains(w)) {
            u.entities.order_no = lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| w.len() >= 6 && w.chars().any(|c| c.is_ascii_digit()))
                .max_by_key(|w| w.len())
                .map(|w| w.to_ascii_uppercase());
        }
        let u = &u;
        self.fill_from_entities(&mut d, text, u);
        let changed: Vec<String> = ["name", "phone", "address", "order_no", "identifier", "model", "serial", "date", "purchase_date"]
            .iter()
            .filter(|f| d.fields.get(**f) != t.fields.get(**f))
            .map(|f| f.to_string())
            .collect();
        if changed.is_empty() {
            return Ok(false);
        }
        let by = conv.key.clone();
        self.store.update_ticket(&id, &mut |t| {
            for f in &changed {
                if let Some(v) = d.fields.get(f) {
                    t.fields.insert(f.clone(), v.clone());
                    t.missing.retain(|m| m != f);
                    t.record(now, &format!("corrected:{f}"), &by, None);
                }
            }
        })?;
        turn.durable = true;
        let names: Vec<String> = changed.iter().map(|f| self.cfg.field_name(f, l)).collect();
        let msg = format!("{} ({})", self.t(l, "noted", &[("field", &names.join(", "))]), id);
        turn.push(self.to_customer(conv, OutputKind::Reply, Some(id), msg, vec![]));
        Ok(true)
    }

    pub(super) fn kind_name(&self, kind: Kind, l: Lang) -> String {
        self.t(l, &format!("kind_{}", kind.as_str()), &[])
    }

    /// Register the draft as a ticket, acknowledge it (after the store is
    /// flushed: the caller's turn is marked durable) and post its card.
    /// `live`: the customer is waiting in the chat for a person.
    pub(super) fn register(&self, conv: &mut Conversation, d: Draft, missing: Vec<String>, live: bool, now: DateTime<Utc>, turn: &mut Turn) -> Result<TicketId> {
        let l = conv.lang;
        let customer = conv.key.clone();
        let grade = self.grade(&customer);
        let factor = match grade {
            Grade::G1 => 1.0,
            Grade::G2 => self.cfg.grades.g2_factor,
            Grade::G3 => self.cfg.grades.g3_factor,
        };
        let mut deadlines = std::collections::BTreeMap::new();
        // `scale`: tighten by the grade factor. A limit written for VIPs
        // (`vip_contact`) already is the VIP's limit and is not scaled again.
        let mut add = |name: &str, span: crate::domain::span::Span, scale: bool| {
            let span = if scale { span.scaled(factor) } else { span };
            deadlines.insert(name.to_string(), self.cal.add(now, span));
        };
        let (severity, reasons, level, area, promise_key) = match d.kind {
            Kind::Complaint => {
                let window = chrono::Duration::seconds(self.cfg.severity.repeat_window.secs);
                let earlier = self
                    .store
                    .customer_tickets(&customer)?
                    .iter()
                    .filter(|t| t.kind == Kind::Complaint && t.created_at >= now - window)
                    .count() as u32;
                let text = normalize(&d.text);
                let facts = Facts { cues: &d.cues, amount: d.amount, text: &text, grade, earlier_complaints: earlier };
                let (sev, reasons) = severity::propose(&facts, &self.cfg.severity);
                let ms = match sev {
                    Severity::S1 => &self.cfg.complaint.s1,
                    Severity::S2 => &self.cfg.complaint.s2,
                    Severity::S3 => &self.cfg.complaint.s3,
                };
                add("first_response", ms.first_response, true);
                add("investigation", ms.investigation, true);
                add("solution", ms.solution, true);
                add("close", ms.close, true);
                if let Some(s) = ms.containment {
                    add("containment", s, true);
                }
                if let Some(s) = ms.manager_notice {
                    add("manager_notice", s, true);
                }
                if let Some(s) = ms.director_notice {
                    add("director_notice", s, true);
                }
                (Some(sev), reasons, sev.owner_level(), None, "first_response")
            }
            Kind::Repair => {
                let area = self.area(d.fields.get("address").map(String::as_str).unwrap_or(""));
                let lim = match area {
                    Area::Urban => &self.cfg.repair.urban,
                    Area::County => &self.cfg.repair.county,
                    Area::Remote => &self.cfg.repair.remote,
                };
                let vip = grade == Grade::G3;
                add("dispatch", self.cfg.repair.dispatch, true);
                match (vip, lim.vip_contact) {
                    (true, Some(v)) => add("contact", v, false),
                    _ => add("contact", lim.contact, true),
                }
                match (vip, lim.vip_arrive) {
                    (true, Some(v)) => add("arrive", v, false),
                    _ => add("arrive", lim.arrive, true),
                }
                add("finish", lim.finish, true);
                (None, Vec::new(), 1, Some(area), "contact")
            }
            Kind::Inquiry => {
                // A chat hand-over outside hours is answered when agents are back, not 30 s from now.
                let opens = self.cal.add(now, crate::domain::span::Span { secs: 0, working: true, work_days: None });
                let span = self.cfg.inquiry.human_first_response.scaled(factor);
                deadlines.insert("first_response".into(), opens + chrono::Duration::seconds(span.secs));
                (None, Vec::new(), 1, None, "first_response")
            }
        };
        let promise = deadlines.get(promise_key).copied().unwrap_or(now);
        let summary_src = d
            .fields
            .get("description")
            .or_else(|| d.fields.get("fault"))
            .or_else(|| d.fields.get("question"))
            .cloned()
            .unwrap_or_else(|| d.text.clone());
        let status = if d.kind == Kind::Inquiry { Status::WaitingAgent } else { Status::Registered };
        let mut history = vec![Event { at: now, event: "created".into(), by: "bot".into(), detail: Some(format!("channel {}", conv.channel)) }];
        if d.kind == Kind::Inquiry {
            history.push(Event { at: now, event: "status:OPEN".into(), by: "bot".into(), detail: None });
        }
        history.push(Event { at: now, event: format!("status:{}", status.as_str()), by: "bot".into(), detail: None });
        if let Some(s) = severity {
            let detail = if reasons.is_empty() { None } else { Some(reasons.join(",")) };
            history.push(Event { at: now, event: format!("severity:{s}"), by: "bot".into(), detail });
        }
        let new = NewTicket {
            kind: d.kind,
            status,
            severity,
            level,
            customer: customer.clone(),
            channel: conv.channel.clone(),
            grade,
            lang: l,
            fields: d.fields.clone(),
            missing: missing.clone(),
            cues: d.cues.clone(),
            severity_reasons: reasons,
            area,
            summary: clip(&summary_src, 120),
            created_at: now,
            deadlines,
            history,
        };
        let day = now.with_timezone(&self.cfg.tz()).date_naive();
        let ticket = self.store.create_ticket(new, day)?;
        turn.durable = true;
        // Ids and kinds only: no names, numbers or message text in logs.
        tracing::info!(ticket = %ticket.id, kind = ticket.kind.as_str(), severity = ?ticket.severity, level = ticket.level, "registered");
        let g = &self.cfg.grades;
        let base = match ticket.severity {
            Some(Severity::S3) => g.priority_s3,
            Some(Severity::S2) => g.priority_s2,
            _ => g.priority_s1,
        } + match grade {
            Grade::G3 => g.priority_g3,
            Grade::G2 => g.priority_g2,
            Grade::G1 => 0,
        };
        self.store.enqueue(crate::store::Waiting { ticket: ticket.id.clone(), since: now, base_priority: base, live })?;
        conv.tickets.push(ticket.id.clone());

        let id = ticket.id.0.clone();
        let name = d.fields.get("name").cloned().unwrap_or_default();
        let time = reply::when(promise, self.cfg.tz(), l);
        let ack = match d.kind {
            // Handed over before the form was complete: promise a person, not a call to a number we lack.
            Kind::Complaint | Kind::Repair if !missing.is_empty() => self.t(l, "ack_partial", &[("ticket", &id)]),
            Kind::Complaint => self.t(l, "ack", &[("name", &name), ("ticket", &id), ("time", &time)]),
            Kind::Repair => {
                let area = self.t(l, &format!("area_{}", area_key(area)), &[]);
                self.t(l, "ack_repair", &[("name", &name), ("ticket", &id), ("time", &time), ("area", &area)])
            }
            Kind::Inquiry => self.t(l, "ack_inquiry", &[("ticket", &id)]),
        };
        turn.push(self.to_customer(conv, OutputKind::Ack, Some(ticket.id.clone()), ack, Vec::new()));
        turn.push(self.card(&ticket));
        Ok(ticket.id)
    }

    fn area(&self, address: &str) -> Area {
        let a = normalize(address);
        let any = |words: &[String]| words.iter().any(|w| reply::word_in(&a, &normalize(w)));
        let r = &self.cfg.repair;
        if any(&r.remote_words) {
            Area::Remote
        } else if any(&r.county_words) || (any(&r.county_weak_words) && !any(&r.urban_words)) {
            Area::County
        } else {
            Area::Urban
        }
    }
}

fn area_key(a: Option<Area>) -> &'static str {
    match a {
        Some(Area::County) => "county",
        Some(Area::Remote) => "remote",
        _ => "urban",
    }
}

/// The choice whose words appear in the text.
fn pick(choices: &[Choice], text: &str) -> Option<String> {
    let t = normalize(text);
    choices.iter().find(|c| c.words.iter().any(|w| reply::word_in(&t, &normalize(w)))).map(|c| c.value.clone())
}

fn choice_buttons(choices: &[Choice], field: &str, l: Lang) -> Vec<Button> {
    choices
        .iter()
        .map(|c| Button::new(if l == Lang::Zh { c.zh.clone() } else { c.en.clone() }, format!("field:{field}:{}", c.value)))
        .collect()
}

/// Whether a first message says more than "I want to complain": the
/// words left after the generic ones make a description.
fn substantive(text: &str) -> bool {
    const ZH: &[&str] = &[
        "我要投诉", "我想投诉", "我要报修", "我想报修", "投诉", "报修", "维修", "我要", "我想", "你好", "您好", "请问", "一下", "客服", "帮我", "需要",
    ];
    const EN: &[&str] = &[
        "i", "want", "to", "a", "an", "the", "make", "file", "lodge", "complaint", "complain", "repair", "request", "need", "would", "like",
        "please", "hi", "hello", "my", "me", "have", "get", "something", "fixed", "service", "book", "you", "can", "help", "with",
    ];
    let mut t = normalize(text);
    for w in ZH {
        t = t.replace(w, " ");
    }
    let cjk = t.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    let words = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.is_ascii() && !EN.contains(w))
        .count();
    cjk >= 4 || words >= 2
}

/// The customer says a detail given before was wrong.
fn says_correction(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "说错", "写错", "填错", "打错", "输错", "弄错", "更正", "改成", "改为", "应该是", "wrong number", "wrong address", "wrong order", "correction",
        "typo", "mistake", "should be", "i meant",
    ];
    let lower = normalize(text);
    WORDS.iter().any(|w| lower.contains(w))
}

/// The text without the entity values recognised in it ("马六，13900001111"
/// answers "your name?" with 马六 once the phone number is taken out).
fn strip_entities(text: &str, u: &Understanding) -> String {
    let e = &u.entities;
    let mut t = text.to_string();
    for v in [&e.phone, &e.email, &e.order_no, &e.serial, &e.model, &e.name, &e.address, &e.date].into_iter().flatten() {
        t = t.replace(v.as_str(), " ");
    }
    let junk = |c: char| c.is_whitespace() || ",，.。;；:：、!！?？".contains(c);
    let t = t.trim_matches(junk);
    // Leftover joiners such as "电话" / "phone" after the number was removed.
    let t = t.trim_end_matches(|c: char| junk(c));
    for tail in ["电话", "手机", "手机号", "电话号码", "phone", "tel", "mobile"] {
        if let Some(x) = t.strip_suffix(tail) {
            return x.trim_matches(junk).to_string();
        }
    }
    t.to_string()
}

/// Two to four Chinese characters, or one to three capitalised words.
fn looks_like_name(s: &str) -> bool {
    let han = s.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    if han > 0 {
        return (2..=4).contains(&han) && han == s.chars().filter(|c| !c.is_whitespace()).count();
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=3).contains(&words.len()) && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}

fn clip(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        one_line.chars().take(n).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn generic_openers_are_not_descriptions() {
        assert!(!substantive("我要投诉"));
        assert!(!substantive("I want to file a complaint"));
        assert!(substantive("外卖送了两个小时，饭全凉了"));
        assert!(substantive("my fridge stopped cooling yesterday"));
    }
}
