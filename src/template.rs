//! Templates: the wording of each report, as Tera templates that render Markdown.
//!
//! One Tera instance is built once (the bundled templates, optionally overridden by files in a
//! folder) and reused for every document. This is the only module that names template variables.
//! Every string from the input is escaped for Markdown by Tera's autoescape with
//! [`escape_markdown`], so no value can change the document's structure.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tera::Tera;

use crate::model::{
    Assessment, Check, Consolidated, Document, LayerState, Mode, Monthly, Report, Severity, Status, UnitFigures,
};
use crate::vn;

/// The bundled templates: (name, text). A file of the same name in a `--templates` folder
/// replaces one of these.
pub const BUNDLED: &[(&str, &str)] = &[
    ("monthly.md", include_str!("../templates/monthly.md")),
    ("monthly.subject.md", include_str!("../templates/monthly.subject.md")),
    ("assessment.md", include_str!("../templates/assessment.md")),
    ("assessment.subject.md", include_str!("../templates/assessment.subject.md")),
    ("consolidated-monthly.md", include_str!("../templates/consolidated-monthly.md")),
    ("consolidated-monthly.subject.md", include_str!("../templates/consolidated-monthly.subject.md")),
    ("consolidated-assessment.md", include_str!("../templates/consolidated-assessment.md")),
    ("consolidated-assessment.subject.md", include_str!("../templates/consolidated-assessment.subject.md")),
];

/// A template could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// Reading a template file failed.
    #[error("cannot read template {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Tera refused a template or failed to render it; `message` is the whole cause chain.
    #[error("template {name}: {message}")]
    Tera {
        /// The template's name.
        name: String,
        /// Tera's message with every cause (Tera hides the real one a level down).
        message: String,
    },
}

fn chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// Escapes a value for Markdown: every ASCII punctuation character gets a backslash (CommonMark
/// lets any of them be escaped), so `* _ # | - 1. [ ] < > & \ {{ }}` all come out literally; a
/// line feed becomes U+2028 LINE SEPARATOR, which the document builder turns into a line break
/// (valid inside a table cell too, where Markdown allows no newline).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\n' => out.push(LINE_SEPARATOR),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// What [`escape_markdown`] makes of a line feed.
pub const LINE_SEPARATOR: char = '\u{2028}';

/// A report's wording, rendered: the subject (one line of inline Markdown) and the body (Markdown;
/// each `#` heading starts an appendix).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Trích yếu.
    pub subject: String,
    /// Nội dung, then the appendices.
    pub body: String,
}

/// The compiled templates.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// The bundled templates.
    pub fn bundled() -> Result<Templates, TemplateError> {
        Self::build(BUNDLED.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect())
    }

    /// The bundled templates, with each file of `dir` whose name is a bundled template's replacing it.
    pub fn with_overrides(dir: &Path) -> Result<Templates, TemplateError> {
        let mut list = Vec::new();
        for (name, text) in BUNDLED {
            let path = dir.join(name);
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => (*text).to_owned(),
                Err(source) => return Err(TemplateError::Io { path, source }),
            };
            list.push(((*name).to_owned(), text));
        }
        Self::build(list)
    }

    fn build(list: Vec<(String, String)>) -> Result<Templates, TemplateError> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        for (name, text) in &list {
            tera.add_raw_template(name, text)
                .map_err(|e| TemplateError::Tera { name: name.clone(), message: chain(&e) })?;
        }
        Ok(Templates { tera })
    }

    fn render(&self, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
        self.tera.render(name, context).map_err(|e| TemplateError::Tera { name: name.to_owned(), message: chain(&e) })
    }

    /// Renders the wording of `doc`.
    pub fn render_document(&self, doc: &Document) -> Result<Rendered, TemplateError> {
        let (prefix, value) = match &doc.report {
            Report::Monthly(m) => ("monthly", monthly_context(doc, m)),
            Report::Assessment(a) => ("assessment", assessment_context(doc, a)),
            Report::Consolidated(c) => match &c.figures {
                UnitFigures::Monthly { .. } => ("consolidated-monthly", consolidated_context(doc, c)),
                UnitFigures::Assessment { .. } => ("consolidated-assessment", consolidated_context(doc, c)),
            },
        };
        let context = tera::Context::from_value(value).expect("context is an object");
        let subject = self.render(&format!("{prefix}.subject.md"), &context)?;
        let body = self.render(&format!("{prefix}.md"), &context)?;
        Ok(Rendered { subject: subject.trim().to_owned(), body })
    }
}

/// The issuer, as every template sees it.
fn issuer(doc: &Document) -> Value {
    json!({
        "name": doc.issuer.name,
        "parent": doc.issuer.parent,
        "code": doc.issuer.code,
        "place": doc.issuer.place,
    })
}

fn mark(state: LayerState) -> &'static str {
    match state {
        LayerState::InPlace => "x",
        LayerState::Missing => "",
        LayerState::NotRequired => "-",
    }
}

/// The variables of the monthly templates (`templates/monthly.md`): every figure is computed here,
/// formatted the Vietnamese way, so the template only words it.
fn monthly_context(doc: &Document, m: &Monthly) -> Value {
    let reference = m.reference_date(doc.date);
    let statuses: Vec<_> = m.systems.iter().map(|s| m.status(s, reference)).collect();
    let count = |f: &dyn Fn(usize) -> bool| (0..m.systems.len()).filter(|&i| f(i)).count();

    let systems: Vec<Value> = m
        .systems
        .iter()
        .zip(&statuses)
        .enumerate()
        .map(|(i, (s, st))| {
            let mut notes = Vec::new();
            if s.level_decision.is_none() {
                notes.push("Chưa phê duyệt cấp độ");
            }
            if st.assessment == LayerState::Missing {
                notes.push(if s.last_assessed.is_none() {
                    "Chưa kiểm tra, đánh giá"
                } else {
                    "Quá hạn kiểm tra, đánh giá"
                });
            }
            if s.public_ips.is_empty() {
                notes.push("Chưa cung cấp địa chỉ IP");
            }
            json!({
                "stt": i + 1,
                "name": s.name,
                "level": s.level,
                "l1": mark(st.in_house),
                "l2": mark(st.monitoring),
                "l3": mark(st.assessment),
                "l4": mark(st.national),
                "complete": st.complete(),
                "note": notes.join("; "),
            })
        })
        .collect();

    let total = m.systems.len();
    let in_place = |f: fn(&crate::model::SystemStatus) -> LayerState| {
        statuses.iter().filter(|s| f(s) == LayerState::InPlace).count()
    };
    let complete = statuses.iter().filter(|s| s.complete()).count();
    let required3 = count(&|i| m.systems[i].level >= 3);
    let levels: Vec<Value> = (1..=5u8)
        .filter_map(|l| {
            let n = m.systems.iter().filter(|s| s.level == l).count();
            (n > 0).then(|| json!({ "level": l, "count": n }))
        })
        .collect();
    let ips: Vec<Value> = m
        .systems
        .iter()
        .filter(|s| !s.public_ips.is_empty())
        .enumerate()
        .map(|(i, s)| {
            json!({
                "stt": i + 1,
                "system": s.name,
                // one address a line; the escape turns each line feed into a line break
                "addresses": s.public_ips.join("\n"),
                "connected": s.connected,
            })
        })
        .collect();
    let ip_count: usize = m.systems.iter().map(|s| s.public_ips.len()).sum();
    let l = &m.layers;
    let fp = &l.in_house.focal_point;
    let next_due = m.next_due(reference);

    json!({
        "issuer": issuer(doc),
        "submit_to": { "name": doc.submit_to.name, "email": doc.submit_to.email },
        "period": { "year": m.period.year, "month": m.period.month },
        "in_house": {
            "unit": l.in_house.unit,
            "decision": l.in_house.decision,
            "focal_point": { "name": fp.name, "position": fp.position, "phone": fp.phone, "email": fp.email },
            "staff": l.in_house.staff.map(|s| json!({ "dedicated": s.dedicated, "part_time": s.part_time })),
            "in_place": m.in_house_in_place(),
        },
        "monitoring": {
            "mode": l.monitoring.mode.as_str(),
            "provider": l.monitoring.provider,
            "contract": l.monitoring.contract,
            "monitored": in_place(|s| s.monitoring),
            "total": total,
        },
        "assessment": {
            "mode": l.assessment.mode.as_str(),
            "assessor": l.assessment.provider,
            "contract": l.assessment.contract,
            "independent": m.assessment_independent(),
            "monitoring_outsourced": l.monitoring.mode == Mode::Outsourced,
            "required": required3,
            "in_time": in_place(|s| s.assessment),
            "next_due": next_due.map(vn::short_date),
        },
        "national": {
            "connected": l.national_connection.connected,
            "since": l.national_connection.since.map(vn::short_date),
            "connected_systems": in_place(|s| s.national),
            "total": total,
            "ip_count": ip_count,
        },
        "systems": systems,
        "totals": {
            "systems": total,
            "l1": in_place(|s| s.in_house),
            "l2": in_place(|s| s.monitoring),
            "l3": in_place(|s| s.assessment),
            "l4": in_place(|s| s.national),
            "complete": complete,
            "complete_percent": vn::percent(complete as u64, total as u64),
        },
        "levels": levels,
        "incidents": m.incidents.map(|i| json!({ "detected": i.detected, "handled": i.handled })),
        "difficulties": m.difficulties,
        "proposals": m.proposals,
        "ips": ips,
    })
}

fn check(c: Check) -> Value {
    json!({ "passed": c.passed, "total": c.total, "percent": vn::percent(u64::from(c.passed), u64::from(c.total)) })
}

/// The variables of the assessment templates (`templates/assessment.md`).
fn assessment_context(doc: &Document, a: &Assessment) -> Value {
    let label = a.period.label();
    let mut all_passed = 0u64;
    let mut all_total = 0u64;
    let mut all_findings = 0usize;
    let mut severity_totals = [0usize; 4];
    let mut status_totals = [0usize; 3];
    let systems: Vec<Value> = a
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let findings = s.ordered_findings();
            let by_severity: Vec<usize> =
                Severity::ALL.iter().map(|sev| findings.iter().filter(|f| f.severity == *sev).count()).collect();
            let by_status: Vec<usize> =
                Status::ALL.iter().map(|st| findings.iter().filter(|f| f.status == *st).count()).collect();
            for (t, n) in severity_totals.iter_mut().zip(&by_severity) {
                *t += n;
            }
            for (t, n) in status_totals.iter_mut().zip(&by_status) {
                *t += n;
            }
            all_findings += findings.len();
            let passed = u64::from(s.management.passed + s.technical.passed);
            let total = u64::from(s.management.total + s.technical.total);
            all_passed += passed;
            all_total += total;
            json!({
                "stt": i + 1,
                "name": s.name,
                "level": s.level,
                "from": vn::short_date(s.from),
                "to": vn::short_date(s.to),
                "scope": s.scope,
                "method": s.method,
                "management": check(s.management),
                "technical": check(s.technical),
                "checks": { "passed": passed, "total": total, "percent": vn::percent(passed, total) },
                "findings": findings.iter().enumerate().map(|(j, f)| json!({
                    "stt": j + 1,
                    "id": f.id,
                    "title": f.title,
                    "asset": f.asset,
                    "severity": f.severity.label(),
                    "status": f.status.label(),
                    "recommendation": f.recommendation,
                })).collect::<Vec<_>>(),
                "by_severity": Severity::ALL.iter().zip(&by_severity)
                    .map(|(sev, n)| json!({ "label": sev.label(), "count": n })).collect::<Vec<_>>(),
                "by_status": Status::ALL.iter().zip(&by_status)
                    .map(|(st, n)| json!({ "label": st.label(), "count": n })).collect::<Vec<_>>(),
                "meets": s.meets(),
                "conclusion": s.conclusion,
            })
        })
        .collect();
    let meeting = a.systems.iter().filter(|s| s.meets()).count();
    let not_meeting: Vec<&str> = a.systems.iter().filter(|s| !s.meets()).map(|s| s.name.as_str()).collect();
    json!({
        "issuer": issuer(doc),
        "submit_to": { "name": doc.submit_to.name, "email": doc.submit_to.email },
        "period": { "year": a.period.year, "half": a.period.half, "label": label },
        "due": vn::short_date(a.due_date()),
        "assessor": {
            "name": a.assessor.name,
            "monitoring_provider": a.assessor.monitoring_provider,
            "independent": a.independent(),
        },
        "systems": systems,
        "totals": {
            "systems": a.systems.len(),
            "meeting": meeting,
            "passed": all_passed,
            "total": all_total,
            "percent": vn::percent(all_passed, all_total),
            "findings": all_findings,
            "by_severity": Severity::ALL.iter().zip(severity_totals)
                .map(|(sev, n)| json!({ "label": sev.label(), "count": n })).collect::<Vec<_>>(),
            "by_status": Status::ALL.iter().zip(status_totals)
                .map(|(st, n)| json!({ "label": st.label(), "count": n })).collect::<Vec<_>>(),
        },
        "not_meeting": not_meeting,
        "recommendations": a.recommendations,
    })
}

/// The variables of the consolidated templates (`templates/consolidated-*.md`). The rows come
/// sorted by the Vietnamese alphabet (the batch sorts them).
fn consolidated_context(doc: &Document, c: &Consolidated) -> Value {
    let issuer = issuer(doc);
    let failed = &c.failed;
    match &c.figures {
        UnitFigures::Monthly { period, units } => {
            let sum = |f: &dyn Fn(&crate::model::MonthlyFigures) -> u32| -> u32 { units.iter().map(f).sum() };
            let systems = sum(&|u| u.systems);
            let complete = sum(&|u| u.complete);
            let notes = |pick: &dyn Fn(&crate::model::MonthlyFigures) -> &Vec<String>| -> Vec<Value> {
                units.iter().flat_map(|u| pick(u).iter().map(move |t| json!({ "unit": u.unit, "text": t }))).collect()
            };
            json!({
                "issuer": issuer,
                "submit_to": { "name": doc.submit_to.name },
                "period": { "year": period.year, "month": period.month },
                "units": units.iter().enumerate().map(|(i, u)| json!({
                    "stt": i + 1,
                    "name": u.unit,
                    "systems": u.systems,
                    "complete": u.complete,
                    "l1": u.layers[0], "l2": u.layers[1], "l3": u.layers[2], "l4": u.layers[3],
                })).collect::<Vec<_>>(),
                "totals": {
                    "units": units.len() + failed.len(),
                    "reported": units.len(),
                    "systems": systems,
                    "complete": complete,
                    "complete_percent": vn::percent(u64::from(complete), u64::from(systems)),
                    "l1": sum(&|u| u.layers[0]), "l2": sum(&|u| u.layers[1]),
                    "l3": sum(&|u| u.layers[2]), "l4": sum(&|u| u.layers[3]),
                    "units_with": (0..4).map(|k| units.iter().filter(|u| u.unit_layers[k]).count()).collect::<Vec<_>>(),
                },
                "levels": (0..5).filter_map(|l| {
                    let n: u32 = units.iter().map(|u| u.by_level[l]).sum();
                    (n > 0).then(|| json!({ "level": l + 1, "count": n }))
                }).collect::<Vec<_>>(),
                "failed": failed,
                "difficulties": notes(&|u| &u.difficulties),
                "proposals": notes(&|u| &u.proposals),
            })
        }
        UnitFigures::Assessment { period, units } => {
            let sum = |f: &dyn Fn(&crate::model::AssessmentFigures) -> u32| -> u32 { units.iter().map(f).sum() };
            let (passed, total) = (sum(&|u| u.passed), sum(&|u| u.total));
            json!({
                "issuer": issuer,
                "submit_to": { "name": doc.submit_to.name },
                "period": { "year": period.year, "half": period.half, "label": period.label() },
                "units": units.iter().enumerate().map(|(i, u)| json!({
                    "stt": i + 1,
                    "name": u.unit,
                    "systems": u.systems,
                    "meeting": u.meeting,
                    "percent": vn::percent(u64::from(u.passed), u64::from(u.total)),
                    "findings": u.findings,
                    "unfixed": u.unfixed,
                })).collect::<Vec<_>>(),
                "totals": {
                    "units": units.len() + failed.len(),
                    "reported": units.len(),
                    "systems": sum(&|u| u.systems),
                    "meeting": sum(&|u| u.meeting),
                    "percent": vn::percent(u64::from(passed), u64::from(total)),
                    "findings": sum(&|u| u.findings),
                    "unfixed": sum(&|u| u.unfixed),
                },
                "failed": failed,
                "recommendations": units.iter()
                    .flat_map(|u| u.recommendations.iter().map(move |t| json!({ "unit": u.unit, "text": t })))
                    .collect::<Vec<_>>(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_every_markdown_character() {
        assert_eq!(
            escape_markdown("* _ # | - 1. [ ] < > & \\ {{ }}"),
            "\\* \\_ \\# \\| \\- 1\\. \\[ \\] \\< \\> \\& \\\\ \\{\\{ \\}\\}"
        );
        assert_eq!(escape_markdown("Sở Thông tin"), "Sở Thông tin");
        assert_eq!(escape_markdown("a\nb"), "a\u{2028}b");
    }

    #[test]
    fn bundled_templates_compile() {
        Templates::bundled().unwrap();
    }
}
