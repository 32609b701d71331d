//! The input contract, field by field (input.md), and the rules across fields.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::ip::{self, Refused};
use super::reader::{quote, Obj, Text};
use super::{Diag, MAX_ITEMS, MAX_SYSTEMS};
use crate::messages;
use crate::messages::tr;
use crate::model::*;
use crate::vn;

/// Keys of the document object for `kind: "monthly"`.
pub(crate) const MONTHLY_KEYS: &[&str] = &[
    "kind",
    "issuer",
    "number",
    "date",
    "signer",
    "recipients",
    "archive",
    "submit_to",
    "period",
    "layers",
    "systems",
    "incidents",
    "difficulties",
    "proposals",
];
pub(crate) const ISSUER_KEYS: &[&str] = &["name", "parent", "code", "place", "email", "full_name"];
pub(crate) const SIGNER_KEYS: &[&str] = &["authority", "title", "name"];
pub(crate) const SUBMIT_TO_KEYS: &[&str] = &["name", "email"];
pub(crate) const MONTH_PERIOD_KEYS: &[&str] = &["year", "month", "data_from", "data_to"];
pub(crate) const LAYERS_KEYS: &[&str] = &["in_house", "monitoring", "assessment", "national_connection"];
pub(crate) const IN_HOUSE_KEYS: &[&str] = &["unit", "decision", "focal_point", "staff"];
pub(crate) const CONTACT_KEYS: &[&str] = &["name", "position", "phone", "email"];
pub(crate) const STAFF_KEYS: &[&str] = &["dedicated", "part_time"];
pub(crate) const MONITORING_KEYS: &[&str] = &["mode", "provider", "contract"];
pub(crate) const ASSESSMENT_LAYER_KEYS: &[&str] = &["mode", "assessor", "contract"];
pub(crate) const NATIONAL_KEYS: &[&str] = &["connected", "since"];
pub(crate) const SYSTEM_KEYS: &[&str] =
    &["name", "level", "level_decision", "public_ips", "monitored", "last_assessed", "connected"];
pub(crate) const INCIDENTS_KEYS: &[&str] = &["detected", "handled"];
/// Keys of the document object for `kind: "assessment"`.
pub(crate) const ASSESSMENT_KEYS: &[&str] = &[
    "kind",
    "issuer",
    "number",
    "date",
    "signer",
    "recipients",
    "archive",
    "submit_to",
    "period",
    "assessor",
    "systems",
    "recommendations",
];
pub(crate) const HALF_YEAR_KEYS: &[&str] = &["year", "half"];
pub(crate) const ASSESSOR_KEYS: &[&str] = &["name", "monitoring_provider"];
pub(crate) const ASSESSED_SYSTEM_KEYS: &[&str] =
    &["name", "level", "level_decision", "from", "to", "scope", "method", "checks", "findings", "conclusion"];
pub(crate) const CHECKS_KEYS: &[&str] = &["management", "technical"];
pub(crate) const CHECK_KEYS: &[&str] = &["total", "passed"];
pub(crate) const FINDING_KEYS: &[&str] = &["id", "title", "asset", "severity", "status", "recommendation"];
// The lists of choices, each a code and the words the Excel form shows for it: JSON takes either
// (issue 28), as the form does.
/// Finding severities, most serious first.
pub(crate) const SEVERITIES: &[(&str, &str)] = super::xlsx::layout::SEVERITIES;
/// Finding statuses.
pub(crate) const STATUSES: &[(&str, &str)] = super::xlsx::layout::STATUSES;

/// The prefixes of an authority line (thẩm quyền ký, NĐ 30 Phụ lục I §I.7).
pub(crate) const AUTHORITY_PREFIXES: &[&str] = &["TM.", "KT.", "TL.", "TUQ.", "Q."];
/// Layer modes.
pub(crate) const MODES: &[(&str, &str)] = super::xlsx::layout::MODES;

/// Years a period may name.
const YEARS: (i64, i64) = (2000, 2100);

/// Reads a whole document; `None` when anything required could not be read.
pub(crate) fn read(value: &Value, d: &mut Diag) -> Option<Document> {
    // Dispatch on `kind` first, so the rest is checked against the right set of keys.
    let kind = match value.get("kind") {
        None | Some(Value::Null) => {
            d.error("kind", tr!("required field is missing; expected \"monthly\", \"assessment\" or \"annual\""));
            return None;
        }
        Some(v) => v,
    };
    let document = match kind.as_str().and_then(Kind::from_name) {
        Some(Kind::Monthly) => read_monthly(value, d),
        Some(Kind::Assessment) => read_assessment(value, d),
        Some(Kind::Annual) => read_annual(value, d),
        None => {
            let list: Vec<String> = Kind::ALL.iter().map(|k| format!("{:?}", k.name())).collect();
            d.error(
                "kind",
                tr!(
                    "expected one of {list}, found {found}",
                    list = list.join(", "),
                    found = super::reader::describe(kind)
                ),
            );
            None
        }
    };
    if let (Some(doc), true) = (&document, d.errors.is_empty()) {
        lapsed_texts_rule(value, "", doc.legal_date(), d);
    }
    document
}

/// A text the input names (a method, a conclusion, a proposal) that is no longer in force on the
/// document's date: a warning naming it (annual.md: a document cites only law in force on its
/// date), since a reader would query it; a past fact (a level approved under Decree 85) may keep
/// it.
fn lapsed_texts_rule(v: &Value, path: &str, date: chrono::NaiveDate, d: &mut Diag) {
    // the path of a string is made only for a warning: most strings name no lapsed text
    enum Step<'a> {
        Index(usize),
        Key(&'a str),
    }
    fn walk<'a>(v: &'a Value, steps: &mut Vec<Step<'a>>, root: &str, date: chrono::NaiveDate, d: &mut Diag) {
        match v {
            Value::String(s) => {
                for t in crate::law::lapsed_in(s, date) {
                    let path = steps.iter().fold(root.to_owned(), |p, s| match s {
                        Step::Index(i) => super::reader::index(&p, *i),
                        Step::Key(k) => super::reader::join(&p, k),
                    });
                    let cite = t.cite;
                    let day = date.format("%Y-%m-%d").to_string();
                    let until = t.until().map(|u| u.format("%Y-%m-%d").to_string()).unwrap_or_default();
                    let message = match t.successor(date) {
                        Some(n) => tr!(
                            "names {cite}, which is no longer in force on the document's date {day} (it lapsed on {until}; {successor} is in force); cite the text in force, unless this states a past fact",
                            cite,
                            day,
                            until,
                            successor = n.cite
                        ),
                        None => tr!(
                            "names {cite}, which is no longer in force on the document's date {day} (it lapsed on {until}); cite the text in force, unless this states a past fact",
                            cite,
                            day,
                            until
                        ),
                    };
                    d.warn(&path, message);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    steps.push(Step::Index(i));
                    walk(item, steps, root, date, d);
                    steps.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    steps.push(Step::Key(k));
                    walk(item, steps, root, date, d);
                    steps.pop();
                }
            }
            _ => {}
        }
    }
    walk(v, &mut Vec::new(), path, date, d);
}

/// A date as the messages write it: `2026-05-20`.
fn ymd(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The keys a batch's `consolidated` object may have (input.md, "Batch input").
pub(crate) const CONSOLIDATED_KEYS: &[&str] =
    &["issuer", "number", "date", "signer", "recipients", "archive", "submit_to", "difficulties", "proposals"];

/// The keys of the system owner's consolidated annual report (`kind: "annual"`): the decree's
/// form has no difficulties or proposals; section 2, the drafting unit and section 1 (7) are the
/// owner's.
pub(crate) const CONSOLIDATED_ANNUAL_KEYS: &[&str] = &[
    "issuer",
    "number",
    "date",
    "signer",
    "recipients",
    "archive",
    "submit_to",
    "drafting_unit",
    "owners",
    "completion_expected",
];

/// The consolidated report's own fields (`value`: issuer, number, date, signer, recipients,
/// archive, submit_to) and its issuer's own difficulties and proposals, or for an annual batch
/// its section 2 and the rest of [`AnnualOwn`], checked before any unit; `None` when any is
/// wrong.
pub(crate) fn read_consolidated(
    value: &Value,
    period: Period,
    d: &mut Diag,
) -> Option<(Fields, [Vec<String>; 2], Option<AnnualOwn>)> {
    let read = read_consolidated_fields(value, period, d)?;
    not_to_itself(&read.0, d);
    Some(read)
}

/// A consolidated report goes to the agency above its issuer, never to the issuer itself (a
/// `submit_to` meant for the units' reports, taken from the defaults).
fn not_to_itself(fields: &Fields, d: &mut Diag) {
    let to = &fields.submit_to;
    let same_name = vn::fold_key(&to.name) == vn::fold_key(&fields.issuer.name)
        || vn::fold_key(&to.name) == vn::fold_key(&fields.issuer.running_name());
    let same_mailbox = fields.issuer.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(&to.email));
    if same_name || same_mailbox {
        d.error(
            "submit_to",
            tr!(
                "{name} ({email}) is the consolidated report's own issuer; it goes to the agency that receives it (give submit_to here: the defaults' addresses the units' reports)",
                name = quote(&to.name),
                email = to.email
            ),
        );
    }
}

fn read_consolidated_fields(
    value: &Value,
    period: Period,
    d: &mut Diag,
) -> Option<(Fields, [Vec<String>; 2], Option<AnnualOwn>)> {
    if let Period::Year(year) = period {
        // the owner's report, of the year its units report on
        let owner = AnnualPeriod { role: AnnualRole::Owner, ..year };
        let root = Obj::new(d, value, "", CONSOLIDATED_ANNUAL_KEYS)?;
        let common = read_common(&root, d);
        let drafting_unit = read_drafting_unit(&root, d);
        let owners = read_owners(&root, d);
        let completion_expected = root.date(d, "completion_expected", false);
        let fields = common.into_fields(Some(Period::Year(owner).stamp()), d)?;
        let own = AnnualOwn { drafting_unit, owners: owners?, completion_expected };
        if d.errors.is_empty() {
            authority_rule(&fields.issuer, &fields.signer, d);
            // with no systems of its own: the checks of its date, addressee, owners and signer
            // (its systems' are its units')
            let annual = Annual {
                period: owner,
                drafting_unit: own.drafting_unit.clone(),
                owners: own.owners.clone(),
                systems: Vec::new(),
                completion_expected: own.completion_expected,
                national_security: Vec::new(),
                compliance: Vec::new(),
                requirements: Vec::new(),
            };
            let doc = fields.clone().document(Report::Annual(annual));
            if annual_document_rules(&doc, d) {
                if let Some(c) = own.completion_expected.filter(|c| *c <= doc.legal_date()) {
                    d.warn(
                        "completion_expected",
                        tr!(
                            "{date} ({what}) is not after the report's date {today}: the expected date has passed; give the new one",
                            date = c.format("%Y-%m-%d"),
                            what = tr!("section 1, item 7"),
                            today = doc.legal_date().format("%Y-%m-%d")
                        ),
                    );
                }
            }
        }
        return Some((fields, Default::default(), Some(own)));
    }
    let root = Obj::new(d, value, "", CONSOLIDATED_KEYS)?;
    let common = read_common(&root, d);
    let difficulties: Vec<String> = root.strings(d, "difficulties", Text::Free).into_iter().map(|(_, s)| s).collect();
    let proposals: Vec<String> = root.strings(d, "proposals", Text::Free).into_iter().map(|(_, s)| s).collect();
    let fields = common.into_fields(Some(period.stamp()), d)?;
    authority_rule(&fields.issuer, &fields.signer, d);
    repeated_texts(&difficulties, "difficulties", d);
    repeated_texts(&proposals, "proposals", d);
    Some((fields, [difficulties, proposals], None))
}

/// A collective body (an issuer named `Ủy ban nhân dân …` or `Hội đồng nhân dân …`) signs `TM.` +
/// its name above `KT. CHỦ TỊCH` / `CHỦ TỊCH` (NĐ 30, Phụ lục I §II.7.b): without a `TM.` line, a
/// warning (reports.md, writing rules).
fn authority_rule(issuer: &Issuer, signer: &crate::model::Signer, d: &mut Diag) {
    let name = vn::fold_key(&issuer.name);
    let body = ["ủy ban nhân dân", "uỷ ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd"]
        .into_iter()
        .find(|b| name.starts_with(&format!("{b} ")) || name == *b);
    if body.is_none() || signer.authority.iter().any(|a| a.starts_with("TM.")) {
        return;
    }
    let collective = if name.starts_with('h') { "Hội đồng nhân dân" } else { "Ủy ban nhân dân" };
    d.warn(
        "signer.authority",
        tr!(
            "{name} is a collective body: it signs \"TM. {collective}\" above \"KT. Chủ tịch\" or \"Chủ tịch\" (Decree 30/2020/NĐ-CP, Phụ lục I §II.7.b); add \"TM. {collective}\" as the first authority line",
            name = quote(&issuer.name),
            collective
        ),
    );
}

/// The kind and period of a batch's defaults (`value`), read when both are given and valid.
pub(crate) fn read_batch_period(value: &Value, d: &mut Diag) -> Option<super::BatchPeriod> {
    let kind = Kind::from_name(value.get("kind")?.as_str()?)?;
    value.get("period")?;
    let root = Obj::new(&mut Diag::default(), value, "", &[])?;
    match kind {
        Kind::Monthly => read_month_period(&root, d).map(super::BatchPeriod::Monthly),
        Kind::Assessment => read_half_year(&root, d).map(super::BatchPeriod::Assessment),
        Kind::Annual => {
            let role = root.choice(d, "role", true, ROLES)?;
            let role = if role == "unit" { AnnualRole::Unit } else { AnnualRole::Owner };
            let year = root.obj(d, "period", true, ANNUAL_PERIOD_KEYS)?.int(d, "year", true, YEARS.0, YEARS.1)?;
            Some(super::BatchPeriod::Annual(AnnualPeriod { year: year as i32, role }))
        }
    }
}

/// The parts every document has.
struct Common {
    issuer: Option<Issuer>,
    number: Option<u32>,
    date: Option<chrono::NaiveDate>,
    signer: Option<Signer>,
    recipients: Vec<String>,
    archive: String,
    submit_to: Result<Option<Addressee>, ()>,
}

/// The parts every document has, all read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fields {
    issuer: Issuer,
    number: Option<u32>,
    date: Option<chrono::NaiveDate>,
    signer: Signer,
    recipients: Vec<String>,
    archive: String,
    submit_to: Addressee,
}

fn read_common(root: &Obj, d: &mut Diag) -> Common {
    let archive = read_archive(root, d);
    Common {
        issuer: read_issuer(root, d),
        number: root.int(d, "number", false, 1, i64::from(u32::MAX)).map(|n| n as u32),
        date: root.date(d, "date", false),
        signer: read_signer(root, d),
        recipients: read_recipients(root, d, archive.as_deref().unwrap_or(DEFAULT_ARCHIVE)),
        archive: archive.unwrap_or_else(|| DEFAULT_ARCHIVE.to_owned()),
        submit_to: read_submit_to(root, d),
    }
}

impl Common {
    /// The fields, the addressee resolved for a document whose period is dated `stamp` (its own
    /// date, when it has one, decides: [`Document::legal_date`]).
    fn into_fields(self, stamp: Option<chrono::NaiveDate>, d: &mut Diag) -> Option<Fields> {
        let submit_to = match (self.date, stamp) {
            (Some(date), _) => addressee(self.submit_to, date, true, d),
            (None, Some(stamp)) => addressee(self.submit_to, stamp, false, d),
            // the period could not be read: its error is reported; no default is chosen
            (None, None) => self.submit_to.ok().flatten(),
        };
        // a recipient that is the addressee: `- Như trên;` names it
        let mut recipients = self.recipients;
        if let Some(to) = &submit_to {
            // (a purpose after it is no other recipient: `(để báo cáo)`, `(để b/c)`)
            let key = |s: &str| {
                let f = vn::fold_key(s);
                match f.rfind(" (để ") {
                    Some(at) if f.ends_with(')') => f[..at].to_owned(),
                    _ => f,
                }
            };
            let addressee = vn::fold_key(&to.name);
            // the addressee by its name, or by its name without its place (`Sở Khoa học và Công
            // nghệ (để tổng hợp)` when Kính gửi names `Sở Khoa học và Công nghệ thành phố Đà Nẵng`)
            let same = |r: &str| {
                let k = key(r);
                k == addressee
                    || addressee
                        .strip_prefix(k.as_str())
                        .and_then(|rest| rest.strip_prefix(' '))
                        .is_some_and(|place| vn::place_in(place).is_some_and(|(at, _)| at == 0))
            };
            let mut kept = Vec::with_capacity(recipients.len());
            for (i, r) in recipients.into_iter().enumerate() {
                if same(&r) {
                    d.warn(&super::reader::index("recipients", i), messages::recipient_is_addressee(&quote(&r)));
                } else {
                    kept.push(r);
                }
            }
            recipients = kept;
        }
        Some(Fields {
            issuer: self.issuer?,
            number: self.number,
            date: self.date,
            signer: self.signer?,
            recipients,
            archive: self.archive,
            submit_to: submit_to?,
        })
    }

    fn into_document(self, period: Option<Period>, report: Option<Report>, d: &mut Diag) -> Option<Document> {
        let fields = self.into_fields(period.map(|p| p.stamp()), d);
        Some(fields?.document(report?))
    }
}

impl Fields {
    /// The issuer.
    pub(crate) fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// The date, when given.
    pub(crate) fn date(&self) -> Option<chrono::NaiveDate> {
        self.date
    }

    /// The document of these fields.
    pub(crate) fn document(self, report: Report) -> Document {
        Document {
            issuer: self.issuer,
            number: self.number,
            date: self.date,
            signer: self.signer,
            recipients: self.recipients,
            archive: self.archive,
            submit_to: self.submit_to,
            report,
        }
    }
}

fn read_monthly(value: &Value, d: &mut Diag) -> Option<Document> {
    let root = Obj::new(d, value, "", MONTHLY_KEYS)?;
    let period = read_month_period(&root, d);
    let common = read_common(&root, d);
    let layers = read_layers(&root, d);
    let systems = read_systems(&root, d);
    let incidents = root.obj(d, "incidents", false, INCIDENTS_KEYS).and_then(|o| {
        let detected = o.int(d, "detected", true, 0, i64::from(u32::MAX));
        let handled = o.int(d, "handled", true, 0, i64::from(u32::MAX));
        Some(Incidents { detected: detected? as u32, handled: handled? as u32 })
    });
    let difficulties = root.strings(d, "difficulties", Text::Free).into_iter().map(|(_, s)| s).collect();
    let proposals = root.strings(d, "proposals", Text::Free).into_iter().map(|(_, s)| s).collect();
    let stamp = period.map(Period::Month);
    let monthly =
        (|| Some(Monthly { period: period?, layers: layers?, systems: systems?, incidents, difficulties, proposals }))(
        );
    let document = common.into_document(stamp, monthly.map(Report::Monthly), d)?;
    if d.errors.is_empty() {
        authority_rule(&document.issuer, &document.signer, d);
        monthly_rules(&document, d);
    }
    Some(document)
}

fn read_assessment(value: &Value, d: &mut Diag) -> Option<Document> {
    let root = Obj::new(d, value, "", ASSESSMENT_KEYS)?;
    let period = read_half_year(&root, d);
    let common = read_common(&root, d);
    let assessor = root.obj(d, "assessor", true, ASSESSOR_KEYS).and_then(|o| {
        let name = o.str(d, "name", true, Text::Line);
        let monitoring_provider = o.str(d, "monitoring_provider", false, Text::Line);
        Some(Assessor { name: name?, monitoring_provider })
    });
    let systems = read_assessed_systems(&root, d);
    let recommendations = root.strings(d, "recommendations", Text::Free).into_iter().map(|(_, s)| s).collect();
    let stamp = period.map(Period::HalfYear);
    let assessment =
        (|| Some(Assessment { period: period?, assessor: assessor?, systems: systems?, recommendations }))();
    let document = common.into_document(stamp, assessment.map(Report::Assessment), d)?;
    if d.errors.is_empty() {
        authority_rule(&document.issuer, &document.signer, d);
        assessment_rules(&document, d);
    }
    Some(document)
}

fn read_check(o: &Obj, d: &mut Diag, key: &str) -> Option<Check> {
    let c = o.obj(d, key, true, CHECK_KEYS)?;
    let total = c.int(d, "total", true, 0, 100_000);
    let passed = c.int(d, "passed", true, 0, 100_000);
    let (total, passed) = (total? as u32, passed? as u32);
    if passed > total {
        d.error(
            &c.path("passed"),
            tr!("{passed} is more than the {total} requirements checked (total)", passed, total),
        );
        return None;
    }
    Some(Check { total, passed })
}

fn read_finding(path: &str, v: &Value, d: &mut Diag) -> Option<Finding> {
    let o = Obj::new(d, v, path, FINDING_KEYS)?;
    let id = o.str(d, "id", false, Text::Line);
    let title = o.str(d, "title", true, Text::Free);
    let asset = o.str(d, "asset", false, Text::Line);
    let severity = o.choice(d, "severity", true, SEVERITIES).map(|s| match s {
        "critical" => Severity::Critical,
        "high" => Severity::High,
        "medium" => Severity::Medium,
        _ => Severity::Low,
    });
    let status = o.choice(d, "status", true, STATUSES).map(|s| match s {
        "open" => Status::Open,
        "in_progress" => Status::InProgress,
        _ => Status::Fixed,
    });
    let recommendation = o.str(d, "recommendation", false, Text::Free);
    Some(Finding { id, title: title?, asset, severity: severity?, status: status?, recommendation })
}

fn read_assessed_system(path: &str, v: &Value, d: &mut Diag) -> Option<AssessedSystem> {
    let o = Obj::new(d, v, path, ASSESSED_SYSTEM_KEYS)?;
    let name = o.str(d, "name", true, Text::Line);
    // Chỉ thị 14/CT-TTg: the periodic assessment covers systems of level 3 and above.
    let level = o.int(d, "level", true, 1, 5).filter(|l| {
        if *l < 3 {
            d.error(
                &o.path("level"),
                tr!("{level} is outside 3–5: the periodic assessment covers systems of level 3 and above", level = l),
            );
        }
        *l >= 3
    });
    let level_decision = o.str(d, "level_decision", false, Text::Line);
    let from = o.date(d, "from", true);
    let to = o.date(d, "to", true);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            d.error(
                &o.path("to"),
                tr!(
                    "{to} is before from ({from}); the assessment window must run forward",
                    to = t.format("%Y-%m-%d"),
                    from = f.format("%Y-%m-%d")
                ),
            );
        }
    }
    let scope = o.str(d, "scope", false, Text::Free);
    let method = o.str(d, "method", false, Text::Free);
    let checks = o.obj(d, "checks", true, CHECKS_KEYS);
    let (management, technical) = match &checks {
        Some(c) => (read_check(c, d, "management"), read_check(c, d, "technical")),
        None => (None, None),
    };
    let mut findings = Vec::new();
    let mut findings_ok = true;
    for (fp, fv) in o.array(d, "findings", false, MAX_ITEMS).unwrap_or_default() {
        match read_finding(&fp, fv, d) {
            Some(f) => findings.push(f),
            None => findings_ok = false,
        }
    }
    let conclusion = o.str(d, "conclusion", false, Text::Free);
    if !findings_ok {
        return None;
    }
    Some(AssessedSystem {
        name: name?,
        level: level? as u8,
        level_decision,
        from: from?,
        to: to?,
        scope,
        method,
        management: management?,
        technical: technical?,
        findings,
        conclusion,
    })
}

fn read_assessed_systems(root: &Obj, d: &mut Diag) -> Option<Vec<AssessedSystem>> {
    let items = root.array(d, "systems", true, MAX_SYSTEMS)?;
    if items.is_empty() {
        d.error(&root.path("systems"), tr!("an assessment report needs at least one system"));
        return None;
    }
    unique_systems(items, d, read_assessed_system, |s| &s.name)
}

/// Reads each system with `read`; duplicate names (after NFC, case folding and whitespace
/// folding) are found here, on every system whose name could be read, so they are reported with
/// the other errors. `None` when any system could not be read.
fn unique_systems<T>(
    items: Vec<(String, &Value)>,
    d: &mut Diag,
    read: fn(&str, &Value, &mut Diag) -> Option<T>,
    name: fn(&T) -> &str,
) -> Option<Vec<T>> {
    let mut systems = Vec::with_capacity(items.len());
    let mut complete = true;
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, (path, v)) in items.into_iter().enumerate() {
        match read(&path, v, d) {
            Some(s) => {
                let key = vn::fold_key(name(&s));
                match names.get(&key) {
                    Some(first) => d.error(
                        &format!("{path}.name"),
                        tr!(
                            "{name} repeats the name of {first}; system names must be unique",
                            name = quote(name(&s)),
                            first = format!("systems[{first}]")
                        ),
                    ),
                    None => {
                        names.insert(key, i);
                    }
                }
                systems.push(s);
            }
            None => complete = false,
        }
    }
    complete.then_some(systems)
}

/// The warnings of an assessment report (input.md).
fn assessment_rules(doc: &Document, d: &mut Diag) {
    let Report::Assessment(a) = &doc.report else { return };
    repeated_texts(&a.recommendations, "recommendations", d);
    for (i, s) in a.systems.iter().enumerate() {
        for (kind, check, word) in [("management", s.management, "management"), ("technical", s.technical, "technical")]
        {
            if check.total == 0 {
                d.warn(&format!("systems[{i}].checks.{kind}.total"), messages::no_checks(word));
            }
        }
    }
    if let Some(date) = doc.date {
        for (i, s) in a.systems.iter().enumerate().filter(|(_, s)| date < s.to) {
            d.warn(&format!("systems[{i}].to"), crate::messages::dated_before_assessed(&ymd(date), &ymd(s.to)));
        }
    }
    // a written conclusion more favourable than the figures (input.md, systems[].conclusion)
    for (i, s) in a.systems.iter().enumerate() {
        let derived = s.derived_conclusion();
        if let Some(stated) = s.stated_conclusion().filter(|c| *c < derived) {
            let open = s.findings.iter().filter(|f| f.status != Status::Fixed).count();
            let serious =
                s.findings.iter().filter(|f| f.status != Status::Fixed && f.severity <= Severity::High).count();
            let (stated, derived) = (stated.label(), derived.label());
            let (mp, mt) = (s.management.passed, s.management.total);
            let (tp, tt) = (s.technical.passed, s.technical.total);
            let message = if open == 1 {
                tr!(
                    "says \"{stated}\", more favourable than the figures give: \"{derived}\" (checks passed {mp}/{mt} and {tp}/{tt}; {open} finding open, {serious} of them critical or high)",
                    stated,
                    derived,
                    mp,
                    mt,
                    tp,
                    tt,
                    open,
                    serious
                )
            } else {
                tr!(
                    "says \"{stated}\", more favourable than the figures give: \"{derived}\" (checks passed {mp}/{mt} and {tp}/{tt}; {open} findings open, {serious} of them critical or high)",
                    stated,
                    derived,
                    mp,
                    mt,
                    tp,
                    tt,
                    open,
                    serious
                )
            };
            d.warn(&format!("systems[{i}].conclusion"), message);
        }
    }
    if !a.independent() {
        d.warn(
            "assessor.monitoring_provider",
            tr!(
                "{name} is also the assessor; the assessment must be independent of the monitoring provider",
                name = quote(a.assessor.monitoring_provider.as_deref().unwrap_or_default())
            ),
        );
    }
    if let Some(date) = doc.date {
        if date > a.due_date() {
            d.warn(
                "date",
                tr!(
                    "{date} is after the due date {due} (Chỉ thị 14/CT-TTg: before 14 June and 14 December)",
                    date = date.format("%Y-%m-%d"),
                    due = a.due_date().format("%Y-%m-%d")
                ),
            );
        }
    }
    for (i, s) in a.systems.iter().enumerate() {
        if s.level >= 5 && a.period.half.is_none() {
            d.warn(
                &format!("systems[{i}].level"),
                tr!(
                    "level 5 system {name} is assessed every six months; this yearly report has no period.half",
                    name = quote(&s.name)
                ),
            );
        }
        if s.level_decision.is_none() {
            d.warn(
                &format!("systems[{i}].level_decision"),
                tr!(
                    "level {level} of {name} is not yet approved (no level_decision)",
                    level = s.level,
                    name = quote(&s.name)
                ),
            );
        }
    }
}

fn read_half_year(root: &Obj, d: &mut Diag) -> Option<HalfYear> {
    let o = root.obj(d, "period", true, HALF_YEAR_KEYS)?;
    let year = o.int(d, "year", true, YEARS.0, YEARS.1);
    let half = o.int(d, "half", false, 1, 2).map(|h| h as u8);
    Some(HalfYear { year: year? as i32, half })
}

fn read_month_period(root: &Obj, d: &mut Diag) -> Option<MonthPeriod> {
    let o = root.obj(d, "period", true, MONTH_PERIOD_KEYS)?;
    let year = o.int(d, "year", true, YEARS.0, YEARS.1);
    let month = o.int(d, "month", true, 1, 12);
    // the data period (Decree 09/2019/NĐ-CP Art. 12), when not the 15th to the 14th
    let data_from = o.date(d, "data_from", false);
    let data_to = o.date(d, "data_to", false);
    let period = MonthPeriod { year: year? as i32, month: month? as u32, data_from, data_to };
    let (from, to) = period.data_period();
    if from > to {
        d.error(
            &o.path(if data_to.is_some() { "data_to" } else { "data_from" }),
            tr!(
                "the data period would run backwards: from {from} to {to}",
                from = from.format("%Y-%m-%d"),
                to = to.format("%Y-%m-%d")
            ),
        );
    }
    Some(period)
}

fn read_issuer(root: &Obj, d: &mut Diag) -> Option<Issuer> {
    let o = root.obj(d, "issuer", true, ISSUER_KEYS)?;
    // a line feed chooses the header block's break; each line trimmed, empty ones dropped
    let lines = |s: String| s.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    let header_name = o.str(d, "name", true, Text::Name).map(lines);
    let header_parent = o.str(d, "parent", false, Text::Name).map(lines);
    let code = o.str(d, "code", true, Text::Line);
    if let Some(c) = &code {
        if !c.chars().all(|ch| ch.is_alphanumeric() || ch == '&' || ch == '-') {
            d.error(
                &o.path("code"),
                tr!(
                    "{code} may contain only letters, digits, \"&\" and \"-\" (e.g. \"STTTT\", \"SGDĐT\")",
                    code = quote(c)
                ),
            );
        }
    }
    let place = o.str(d, "place", true, Text::Line);
    let email = read_email(&o, d, "email", false);
    let full_name = o.str(d, "full_name", false, Text::Line);
    let spaced = |s: &String| s.replace('\n', " ");
    let issuer = Issuer {
        name: spaced(header_name.as_ref()?),
        parent: header_parent.as_ref().map(spaced),
        header_name: header_name?,
        header_parent,
        code: code?,
        place: place?,
        email,
        full_name,
    };
    if issuer.parent.is_none() && issuer.full_name.is_none() && issuer.is_subordinate() {
        d.warn(&o.path("name"), crate::messages::subordinate_alone(&quote(&issuer.name)));
    }
    // a unit under a provincial department that names no province (`Chi cục Kiểm lâm` under `Sở
    // Nông nghiệp và Môi trường`): running text would say no place
    if let (Some(parent), None) = (&issuer.parent, &issuer.full_name) {
        let local = ["sở ", "ban ", "chi cục ", "phòng "].iter().any(|h| vn::fold_key(parent).starts_with(h));
        if local && vn::place_in(parent).is_none() && vn::place_in(&issuer.name).is_none() {
            d.warn(&o.path("parent"), crate::messages::parent_without_place(&quote(parent)));
        }
    }
    Some(issuer)
}

/// An e-mail address, by the one rule of [`super::email`].
fn read_email(o: &Obj, d: &mut Diag, key: &str, required: bool) -> Option<String> {
    let s = o.str(d, key, required, Text::Line)?;
    if let Err(why) = super::email::check(&s) {
        d.error(
            &o.path(key),
            tr!("{value} is not an e-mail address: {why} (e.g. \"stttt@bacninh.gov.vn\")", value = quote(&s), why),
        );
        return None;
    }
    Some(s)
}

fn read_signer(root: &Obj, d: &mut Diag) -> Option<Signer> {
    let o = root.obj(d, "signer", true, SIGNER_KEYS)?;
    let mut authority = Vec::new();
    for (path, s) in o.strings(d, "authority", Text::Line) {
        let known = AUTHORITY_PREFIXES.iter().any(|p| s.starts_with(p) && s[p.len()..].trim() != "");
        if !known {
            d.error(
                &path,
                tr!(
                    "{value} does not start with one of {prefixes} followed by a title (e.g. \"KT. Giám đốc\")",
                    value = quote(&s),
                    prefixes = AUTHORITY_PREFIXES.join(", ")
                ),
            );
        }
        authority.push(s);
    }
    let acting = authority.last().is_some_and(|a| a.starts_with("Q."));
    let title = o.str(d, "title", !acting, Text::Line);
    let name = o.str(d, "name", true, Text::Line);
    Some(Signer { authority, title, name: name? })
}

/// Recipients without the `- ` and `;` that the format adds (a user who typed them gets them
/// once), and without what the list prints of its own, each left out with a warning: `Như trên`
/// (printed first, for the addressee), an archive line (`Lưu: …`, `Lưu VT, …`) that names what
/// `archive` names (printed last), a recipient given twice. What says more is an error, as it
/// would be printed beside what the list prints: `Như trên (để thực hiện)`, an archive line naming
/// another archive (say it in `archive`). A recipient that only begins with the word `Lưu` (a
/// surname, `Lưu trữ lịch sử tỉnh`) is a recipient.
fn read_recipients(root: &Obj, d: &mut Diag, archive: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    // an archive's parts, in any order (`VT, CNTT` is `CNTT, VT`)
    let parts = |s: &str| {
        let mut p: Vec<String> =
            s.split([',', ';']).map(|x| x.trim().replace(' ', "")).filter(|x| !x.is_empty()).collect();
        p.sort();
        p
    };
    for (path, typed) in root.strings(d, "recipients", Text::Line) {
        let r = typed.strip_prefix('-').map(str::trim_start).unwrap_or(&typed);
        let r = r.trim_end_matches([';', '.', ':', ',']).trim_end().to_owned();
        let key = vn::fold_key(&r);
        if key == "như trên" {
            d.warn(&path, messages::recipient_printed_first(&quote(&typed)));
            continue;
        }
        if key.strip_prefix("như trên").is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric())) {
            d.error(&path, messages::recipient_says_more_than_first(&quote(&typed)));
            continue;
        }
        if let Some(named) = archive_line(&key, &r) {
            if named.is_empty() || parts(&named) == parts(&vn::fold_key(archive)) {
                d.warn(&path, messages::recipient_archive_printed_last(&quote(&typed)));
            } else {
                d.error(&path, messages::recipient_archive_differs(&quote(&typed), &quote(archive)));
            }
            continue;
        }
        if let Some((first, _)) = seen.iter().find(|(_, k)| *k == key) {
            d.warn(&path, messages::recipient_twice(&quote(&typed), first));
            continue;
        }
        seen.push((path, key));
        out.push(r);
    }
    out
}

/// What an archive line names, of a recipient folded ([`vn::fold_key`]) and as typed: the word
/// `Lưu` (or `Luu`) alone or before a mark (`Lưu:`, `Lưu -`, `Lưu.`), before an abbreviation
/// typed in capitals (`Lưu VT, CNTT`, `Lưu VP`) or before `hồ sơ`; `None` for anything else
/// (`Lưu Văn Minh`, `Lưu trữ lịch sử tỉnh`).
fn archive_line(key: &str, typed: &str) -> Option<String> {
    let rest = key.strip_prefix("lưu").or_else(|| key.strip_prefix("luu"))?;
    let after = rest.trim_start();
    if after.is_empty() {
        return Some(String::new());
    }
    if let Some(named) = after.strip_prefix([':', '-', '–', '.', ';']) {
        return Some(named.trim().to_owned());
    }
    if !rest.starts_with(' ') {
        return None;
    }
    let second = typed.trim_start_matches(['-', ' ']).split_whitespace().nth(1).unwrap_or("");
    let abbreviation = second.trim_end_matches([',', ';', '.']);
    let capitals = abbreviation.chars().count() >= 2 && abbreviation.chars().all(|c| c.is_uppercase() || c == '&');
    (capitals || after.starts_with("hồ sơ")).then(|| after.to_owned())
}

/// `archive` as the Lưu line prints it after `Lưu: `: without a typed `- `, `Lưu:` (printed of its
/// own: said) or closing mark, no space before a comma.
fn read_archive(root: &Obj, d: &mut Diag) -> Option<String> {
    let typed = root.str(d, "archive", false, Text::Line)?;
    let mut a = typed.strip_prefix('-').map(str::trim_start).unwrap_or(&typed).to_owned();
    let key = vn::fold_key(&a);
    if archive_line(&key, &a).is_some() {
        let word = a.char_indices().nth(3).map_or(a.len(), |(i, _)| i);
        a = a[word..].trim_start().trim_start_matches([':', '-', '–', '.', ';']).trim_start().to_owned();
        d.warn("archive", messages::archive_with_its_word(&quote(&typed)));
    }
    let a = a.trim_end_matches([';', '.', ',']).trim_end().replace(" ,", ",");
    (!a.is_empty()).then_some(a)
}

/// `submit_to` as given: `Ok(None)` when absent (the default applies only to a document dated
/// before 01/3/2025: [`addressee`]); `Err` when given and wrong (reported).
fn read_submit_to(root: &Obj, d: &mut Diag) -> Result<Option<Addressee>, ()> {
    match root.obj(d, "submit_to", false, SUBMIT_TO_KEYS) {
        None if root.get("submit_to").is_some() => Err(()),
        None => Ok(None),
        Some(o) => {
            let name = o.str(d, "name", true, Text::Line);
            let email = read_email(&o, d, "email", true);
            match (name, email) {
                (Some(name), Some(email)) => Ok(Some(Addressee { name, email })),
                _ => Err(()),
            }
        }
    }
}

/// The Ministry of Information and Communications or one of its units (its mailbox domain, or its
/// name).
fn defunct(a: &Addressee) -> bool {
    let email = a.email.to_ascii_lowercase();
    email.ends_with("@mic.gov.vn")
        || email.ends_with(".mic.gov.vn")
        || vn::fold_key(&a.name).contains("bộ thông tin và truyền thông")
}

/// The addressee of a document whose law is that of `date` (its own date, or its period's): the
/// one given, else the Ministry of Information and Communications before 01/3/2025; from that day
/// the ministry no longer holds the function and `submit_to` is required (annual.md).
fn addressee(
    given: Result<Option<Addressee>, ()>,
    date: chrono::NaiveDate,
    dated: bool,
    d: &mut Diag,
) -> Option<Addressee> {
    match given {
        // the ministry merged away is no addressee of a later document, given or by default
        Ok(Some(a)) if !crate::law::default_addressee_applies(date) && defunct(&a) => {
            d.error(
                "submit_to",
                tr!(
                    "{name} ({email}) is the Ministry of Information and Communications, merged into Bộ Khoa học và Công nghệ on 2025-03-01: it no longer receives these reports, and a document dated {date} goes to the body that holds the function now (Bộ Công an)",
                    name = quote(&a.name),
                    email = a.email,
                    date = date.format("%Y-%m-%d")
                ),
            );
            None
        }
        Ok(Some(a)) => Some(a),
        Err(()) => None,
        Ok(None) if crate::law::default_addressee_applies(date) => {
            Some(Addressee { name: DEFAULT_SUBMIT_TO_NAME.to_owned(), email: DEFAULT_SUBMIT_TO_EMAIL.to_owned() })
        }
        Ok(None) => {
            let day = date.format("%Y-%m-%d");
            let (name, email) = (DEFAULT_SUBMIT_TO_NAME, DEFAULT_SUBMIT_TO_EMAIL);
            let message = if dated {
                tr!(
                    "required field is missing: a document dated {day} has no default addressee, as {name} ({email}) no longer receives these reports since the function passed to Bộ Công an on 2025-03-01; give the addressee's \"name\" and \"email\"",
                    day,
                    name,
                    email
                )
            } else {
                tr!(
                    "required field is missing: an undated document, dated {day} by its period, has no default addressee, as {name} ({email}) no longer receives these reports since the function passed to Bộ Công an on 2025-03-01; give the addressee's \"name\" and \"email\"",
                    day,
                    name,
                    email
                )
            };
            d.error("submit_to", message);
            None
        }
    }
}

fn read_mode(o: &Obj, d: &mut Diag) -> Option<Mode> {
    Some(match o.choice(d, "mode", true, MODES)? {
        "self" => Mode::SelfRun,
        "outsourced" => Mode::Outsourced,
        _ => Mode::None,
    })
}

/// Lớp 2 or Lớp 3: the provider key is required when the mode is "outsourced" (blank counts as
/// missing).
fn read_service(o: &Obj, d: &mut Diag, provider_key: &str) -> Option<Service> {
    let mode = read_mode(o, d);
    let errors = d.errors.len();
    let provider = o.str(d, provider_key, false, Text::Line);
    // absent, null or blank after trimming (a wrong type or a bad character is reported already)
    if mode == Some(Mode::Outsourced) && provider.is_none() && d.errors.len() == errors {
        let mode = o.path("mode");
        let message = match o.get(provider_key) {
            Some(v) => {
                tr!("required when {mode} is \"outsourced\", found {found}", mode, found = super::reader::describe(v))
            }
            None => tr!("required when {mode} is \"outsourced\"", mode),
        };
        d.error(&o.path(provider_key), message);
    }
    let contract = o.str(d, "contract", false, Text::Line);
    Some(Service { mode: mode?, provider, contract })
}

fn read_layers(root: &Obj, d: &mut Diag) -> Option<Layers> {
    let o = root.obj(d, "layers", true, LAYERS_KEYS)?;
    let in_house = o.obj(d, "in_house", true, IN_HOUSE_KEYS).and_then(|l| {
        let unit = l.str(d, "unit", true, Text::Line);
        let decision = l.str(d, "decision", false, Text::Line);
        let focal_point = l.obj(d, "focal_point", true, CONTACT_KEYS).and_then(|c| {
            let name = c.str(d, "name", true, Text::Line);
            let position = c.str(d, "position", false, Text::Line);
            let phone = c.str(d, "phone", true, Text::Line);
            let email = read_email(&c, d, "email", true);
            Some(Contact { name: name?, position, phone: phone?, email: email? })
        });
        let staff = l.obj(d, "staff", false, STAFF_KEYS).and_then(|s| {
            let dedicated = s.int(d, "dedicated", true, 0, 100_000);
            let part_time = s.int(d, "part_time", false, 0, 100_000).unwrap_or(0);
            Some(Staff { dedicated: dedicated? as u32, part_time: part_time as u32 })
        });
        Some(InHouse { unit: unit?, decision, focal_point: focal_point?, staff })
    });
    let monitoring = o.obj(d, "monitoring", true, MONITORING_KEYS).and_then(|m| read_service(&m, d, "provider"));
    let assessment = o.obj(d, "assessment", true, ASSESSMENT_LAYER_KEYS).and_then(|a| read_service(&a, d, "assessor"));
    let national_connection = o.obj(d, "national_connection", true, NATIONAL_KEYS).and_then(|n| {
        let connected = n.bool(d, "connected", true);
        let since = n.date(d, "since", false);
        Some(NationalConnection { connected: connected?, since })
    });
    Some(Layers {
        in_house: in_house?,
        monitoring: monitoring?,
        assessment: assessment?,
        national_connection: national_connection?,
    })
}

fn read_systems(root: &Obj, d: &mut Diag) -> Option<Vec<System>> {
    let items = root.array(d, "systems", true, MAX_SYSTEMS)?;
    unique_systems(items, d, read_system, |s| &s.name)
}

fn read_system(path: &str, v: &Value, d: &mut Diag) -> Option<System> {
    let o = Obj::new(d, v, path, SYSTEM_KEYS)?;
    let name = o.str(d, "name", true, Text::Line);
    let level = o.int(d, "level", true, 1, 5);
    let level_decision = o.str(d, "level_decision", false, Text::Line);
    let mut public_ips = Vec::new();
    let mut ips_ok = true;
    for (ip_path, item) in o.array(d, "public_ips", false, MAX_ITEMS).unwrap_or_default() {
        let Some(s) = super::reader::string_value(d, &ip_path, item, true, Text::Line) else {
            ips_ok = false;
            continue;
        };
        match ip::check(&s) {
            Ok(checked) => {
                if let Some(hit) = checked.documentation {
                    d.warn(
                        &ip_path,
                        tr!(
                            "{value} is in a documentation range ({range}), not a real address",
                            value = quote(&s),
                            range = hit.range
                        ),
                    );
                }
                public_ips.push(checked.canonical);
            }
            Err(Refused::Unparsable) => {
                d.error(
                    &ip_path,
                    tr!(
                        "{value} is not an IPv4 or IPv6 address or CIDR block (e.g. \"113.160.92.10\", \"2402:800::1\", \"113.160.92.64/29\")",
                        value = quote(&s)
                    ),
                );
                ips_ok = false;
            }
            Err(Refused::NonPublic(hit)) => {
                let value = quote(&s);
                let message = if s.contains('/') {
                    tr!("{value} is not a public address: part of the block lies in {hit}", value, hit)
                } else {
                    tr!("{value} is not a public address: it lies in {hit}", value, hit)
                };
                d.error(&ip_path, message);
                ips_ok = false;
            }
        }
    }
    let monitored = o.bool(d, "monitored", true);
    let last_assessed = o.date(d, "last_assessed", false);
    let connected = o.bool(d, "connected", true);
    if !ips_ok {
        return None;
    }
    Some(System {
        name: name?,
        level: level? as u8,
        level_decision,
        public_ips,
        monitored: monitored?,
        last_assessed,
        connected: connected?,
    })
}

/// The same text given twice in a list (`difficulties`, `proposals`, `recommendations`), compared
/// as names are (NFC, case and whitespace folded), a final full stop aside: a warning.
fn repeated_texts(texts: &[String], key: &str, d: &mut Diag) {
    // folding keeps the number of words: only texts of the same length are folded
    let words: Vec<usize> = texts.iter().map(|t| t.trim_end_matches(['.', ';']).split_whitespace().count()).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, t) in texts.iter().enumerate() {
        if words.iter().filter(|&&w| w == words[i]).count() < 2 {
            continue;
        }
        let k = vn::fold_key(t.trim_end_matches(['.', ';']));
        if let Some(first) = seen.get(&k) {
            d.warn(
                &format!("{key}[{i}]"),
                tr!("the same text as {first}; give it once", first = format!("{key}[{first}]")),
            );
        } else {
            seen.insert(k, i);
        }
    }
}

/// The rules across fields, once every field has been read: duplicate names are errors, the rest
/// warnings (input.md, "Validation: errors and warnings").
fn monthly_rules(doc: &Document, d: &mut Diag) {
    let Report::Monthly(m) = &doc.report else { return };

    // The Lớp 3 assessor is the Lớp 2 provider.
    let (mon, ass) = (&m.layers.monitoring, &m.layers.assessment);
    if let (Mode::Outsourced, Mode::Outsourced, Some(p), Some(a)) = (mon.mode, ass.mode, &mon.provider, &ass.provider) {
        if vn::fold_key(p) == vn::fold_key(a) {
            d.warn(
                "layers.assessment.assessor",
                tr!(
                    "{name} is also the Lớp 2 monitoring provider; the Lớp 3 assessment must be independent of it",
                    name = quote(a)
                ),
            );
        }
    }

    // Both done in-house: not independent either.
    if mon.mode == Mode::SelfRun && ass.mode == Mode::SelfRun {
        d.warn("layers.assessment.mode", messages::self_assessed_self_monitored().to_owned());
    }

    // Lớp 4: a system connected while the agency is not; an address inside a block given too.
    if !m.layers.national_connection.connected {
        for (i, s) in m.systems.iter().enumerate().filter(|(_, s)| s.connected) {
            d.warn(&format!("systems[{i}].connected"), messages::system_connected_alone(&quote(&s.name)));
        }
    }
    let blocks: Vec<(String, ipnet::IpNet)> = m
        .systems
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.public_ips.iter().enumerate().map(move |(j, ip)| (i, j, ip)))
        .filter_map(|(i, j, ip)| {
            ip.parse::<ipnet::IpNet>()
                .ok()
                .filter(|_| ip.contains('/'))
                .map(|n| (format!("systems[{i}].public_ips[{j}]"), n))
        })
        .collect();
    for (i, s) in m.systems.iter().enumerate() {
        for (j, ip) in s.public_ips.iter().enumerate().filter(|(_, ip)| !ip.contains('/')) {
            let Ok(addr) = ip.parse::<std::net::IpAddr>() else { continue };
            if let Some((at, block)) = blocks.iter().find(|(_, b)| b.contains(&addr)) {
                d.warn(
                    &format!("systems[{i}].public_ips[{j}]"),
                    messages::address_in_block(&quote(ip), &quote(&block.to_string()), at),
                );
            }
        }
    }

    // A month whose data end before CV 1552 asked for these reports (28/4/2020).
    let cv1552 = chrono::NaiveDate::from_ymd_opt(2020, 4, 28).expect("a real date");
    if m.period.data_period().1 < cv1552 {
        d.warn(
            "period",
            tr!(
                "the month reported ({month}/{year}) ends before CV 1552/BTTTT-CATTT (28/4/2020), which asked for these reports; check the year and month",
                month = m.period.month,
                year = m.period.year
            ),
        );
    }
    repeated_texts(&m.difficulties, "difficulties", d);
    repeated_texts(&m.proposals, "proposals", d);

    // Dated before the data it reports are complete.
    let (from, to) = m.period.data_period();
    if let Some(date) = doc.date.filter(|d| *d < to) {
        d.warn("date", crate::messages::dated_before_data_end(&ymd(date), &ymd(from), &ymd(to)));
    }

    // Dated after the 25th of the reported month (CV 1552: "trước ngày 25 hàng tháng").
    if let Some(date) = doc.date {
        if date > m.deadline() {
            d.warn(
                "date",
                tr!(
                    "{date} is after the 25th of the month reported ({deadline}); CV 1552/BTTTT-CATTT asks for the report before the 25th",
                    date = date.format("%Y-%m-%d"),
                    deadline = m.deadline().format("%Y-%m-%d")
                ),
            );
        }
    }

    let reference = m.reference_date(doc.date);
    let mut seen_ips: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, s) in m.systems.iter().enumerate() {
        if s.level >= 3 && !Monthly::assessed_in_time(s, reference) {
            let months = if s.level >= 5 { 6 } else { 12 };
            let (level, name) = (s.level, quote(&s.name));
            let reference = reference.format("%Y-%m-%d");
            let message = match s.last_assessed {
                Some(last) => tr!(
                    "level {level} system {name} has no assessment within {months} months before {reference} (last on {last})",
                    level,
                    name,
                    months,
                    reference,
                    last = last.format("%Y-%m-%d")
                ),
                None => tr!(
                    "level {level} system {name} has no assessment within {months} months before {reference} (never)",
                    level,
                    name,
                    months,
                    reference
                ),
            };
            d.warn(&format!("systems[{i}].last_assessed"), message);
        }
        if s.level_decision.is_none() {
            d.warn(
                &format!("systems[{i}].level_decision"),
                tr!(
                    "level {level} of {name} is not yet approved (no level_decision)",
                    level = s.level,
                    name = quote(&s.name)
                ),
            );
        }
        for (j, ip) in s.public_ips.iter().enumerate() {
            match seen_ips.get(ip.as_str()) {
                Some(&(si, sj)) => d.warn(
                    &format!("systems[{i}].public_ips[{j}]"),
                    tr!(
                        "{value} is also given at {first}",
                        value = quote(ip),
                        first = format!("systems[{si}].public_ips[{sj}]")
                    ),
                ),
                None => {
                    seen_ips.insert(ip, (i, j));
                }
            }
        }
    }
}

/// Keys of the document object for `kind: "annual"` (annual.md).
pub(crate) const ANNUAL_KEYS: &[&str] = &[
    "kind",
    "issuer",
    "number",
    "date",
    "signer",
    "recipients",
    "archive",
    "submit_to",
    "role",
    "drafting_unit",
    "period",
    "owners",
    "systems",
    "completion_expected",
    "national_security",
    "compliance",
    "requirements",
];
pub(crate) const ANNUAL_PERIOD_KEYS: &[&str] = &["year"];
pub(crate) const OWNER_KEYS: &[&str] = &["owner", "security_unit"];
pub(crate) const PARTY_KEYS: &[&str] = &["name", "charter", "head", "head_title", "address", "phone", "email"];
pub(crate) const ANNUAL_SYSTEM_KEYS: &[&str] = &[
    "name",
    "owner",
    "operator",
    "type",
    "level",
    "approval",
    "decision",
    "regulation",
    "expected_approval",
    "deployment",
    "expected_deployment",
    "inspected",
];
pub(crate) const NATIONAL_SECURITY_KEYS: &[&str] = &["system", "criterion", "dossier"];
pub(crate) const COMPLIANCE_KEYS: &[&str] = &["system", "review", "checked", "found", "remedied"];
pub(crate) const REQUIREMENT_KEYS: &[&str] = &["system", "group", "met", "roadmap", "responsible"];
/// Who sends an annual report.
pub(crate) const ROLES: &[(&str, &str)] = super::xlsx::layout::ROLES;

/// The input values of the decree's lists, in their order (a test checks them against the model's).
pub(crate) const SYSTEM_TYPES: &[(&str, &str)] = super::xlsx::layout::SYSTEM_TYPES;
pub(crate) const APPROVALS: &[(&str, &str)] = super::xlsx::layout::APPROVALS;
pub(crate) const DEPLOYMENTS: &[(&str, &str)] = super::xlsx::layout::DEPLOYMENTS;

fn by_value<T: Copy, const N: usize>(all: &[(T, &'static str, &'static str); N], v: &str) -> Option<T> {
    all.iter().find(|(_, name, _)| *name == v).map(|(t, _, _)| *t)
}

fn read_party(o: &Obj, d: &mut Diag, key: &str) -> Option<Party> {
    let p = o.obj(d, key, true, PARTY_KEYS)?;
    let name = p.str(d, "name", true, Text::Line);
    let charter = p.str(d, "charter", false, Text::Line);
    let head = p.str(d, "head", true, Text::Line);
    let head_title = p.str(d, "head_title", true, Text::Line);
    let address = p.str(d, "address", true, Text::Line);
    let phone = p.str(d, "phone", true, Text::Line);
    let email = read_email(&p, d, "email", true);
    Some(Party {
        name: name?,
        charter,
        head: head?,
        head_title: head_title?,
        address: address?,
        phone: phone?,
        email: email?,
    })
}

fn read_annual_system(path: &str, v: &Value, d: &mut Diag) -> Option<AnnualSystem> {
    let o = Obj::new(d, v, path, ANNUAL_SYSTEM_KEYS)?;
    let errors = d.errors.len();
    let name = o.str(d, "name", true, Text::Line);
    let owner = o.str(d, "owner", true, Text::Line);
    let operator = o.str(d, "operator", true, Text::Line);
    let system_type = o.choice(d, "type", false, SYSTEM_TYPES).and_then(|t| by_value(&SystemType::ALL, t));
    let level = o.int(d, "level", true, 1, 5);
    let approval = o.choice(d, "approval", false, APPROVALS).and_then(|a| by_value(&Approval::ALL, a));
    let decision = o.str(d, "decision", false, Text::Line);
    let regulation = o.str(d, "regulation", false, Text::Line);
    let expected_approval = o.date(d, "expected_approval", false);
    let deployment = o.choice(d, "deployment", true, DEPLOYMENTS).and_then(|a| by_value(&Deployment::ALL, a));
    let expected_deployment = o.date(d, "expected_deployment", false);
    let mut inspected = Inspected::default();
    for (p, item) in o.array(d, "inspected", false, 2).unwrap_or_default() {
        // a code, or the form's words for one or both (issue 28: "Định kỳ", "Trước khi đưa vào
        // sử dụng; định kỳ")
        let codes: Option<&[&str]> = item.as_str().and_then(|s| {
            INSPECTIONS.iter().find(|(v, _)| *v == s).map(|(v, _)| std::slice::from_ref(v)).or_else(|| {
                super::xlsx::layout::INSPECTED.iter().find(|(_, w)| super::reader::words_match(s, w)).map(|(v, _)| *v)
            })
        });
        let Some(codes) = codes else {
            d.error(
                &p,
                tr!(
                    "expected one of {list}, found {found}",
                    list = "\"before_use\", \"periodic\"",
                    found = super::reader::describe(item)
                ),
            );
            continue;
        };
        for code in codes {
            let done = if *code == "before_use" { &mut inspected.before_use } else { &mut inspected.periodic };
            if *done {
                d.error(&p, tr!("{value} is given twice", value = quote(item.as_str().unwrap_or(code))));
                break;
            }
            *done = true;
        }
    }
    let s = AnnualSystem {
        name: name?,
        owner: owner?,
        operator: operator?,
        system_type,
        level: level? as u8,
        approval,
        decision,
        regulation,
        expected_approval,
        deployment: deployment?,
        expected_deployment,
        inspected,
    };
    // the columns are compared only when each was read (a wrong status is its own error)
    if d.errors.len() == errors {
        annual_system_rules(&o, &s, d);
    }
    Some(s)
}

/// A row's columns that must agree (annual.md, checks): an approved level has its decision (7)
/// and, before it, its regulation (8) (Art. 30.7: a warning); a level not approved has its
/// expected date (9); a plan not fully deployed has its expected date (11).
fn annual_system_rules(o: &Obj, s: &AnnualSystem, d: &mut Diag) {
    let name = quote(&s.name);
    if s.approved() {
        if s.decision.is_none() {
            d.error(
                &o.path("decision"),
                tr!("required when approval is \"approved\": the number, date and approving body of the decision on the level of {name} (column 7)", name),
            );
        }
        if s.regulation.is_none() {
            d.warn(
                &o.path("regulation"),
                tr!("{name} is approved without its cybersecurity regulation (column 8); Decree 331/2026/NĐ-CP Art. 30.7 has the regulation issued before the level dossier is approved", name),
            );
        }
        if s.expected_approval.is_some() {
            d.warn(
                &o.path("expected_approval"),
                tr!("{name} is already approved: its expected approval date (column 9) is left out", name),
            );
        }
    } else {
        if s.expected_approval.is_none() {
            d.error(
                &o.path("expected_approval"),
                tr!(
                    "required while the level of {name} is not approved: when it is expected to be approved (column 9)",
                    name
                ),
            );
        }
        if s.decision.is_some() {
            d.error(
                &o.path("decision"),
                tr!("{name} has a decision approving its level but approval is not \"approved\"", name),
            );
        }
    }
    match (s.deployment, s.expected_deployment) {
        (Deployment::Full, Some(_)) => d.warn(
            &o.path("expected_deployment"),
            tr!("{name} is fully deployed: its expected date (column 11) is left out", name),
        ),
        (Deployment::None | Deployment::Partial, None) => d.error(
            &o.path("expected_deployment"),
            tr!("required while the protection plan of {name} is not fully deployed: when it is expected to be (column 11)", name),
        ),
        _ => {}
    }
}

/// `drafting_unit`: the drafting unit's abbreviation in a công văn's symbol.
fn read_drafting_unit(root: &Obj, d: &mut Diag) -> Option<String> {
    let unit = root.str(d, "drafting_unit", false, Text::Line)?;
    if !unit.chars().all(|ch| ch.is_alphanumeric() || ch == '&' || ch == '-') {
        d.error(
            &root.path("drafting_unit"),
            tr!("{unit} may contain only letters, digits, \"&\" and \"-\" (e.g. \"CNTT\")", unit = quote(&unit)),
        );
    }
    Some(unit)
}

/// `owners`: section 2, at least one owner with its specialised unit; `None` when any is wrong.
fn read_owners(root: &Obj, d: &mut Diag) -> Option<Vec<OwnerInfo>> {
    let items = root.array(d, "owners", true, MAX_ITEMS)?;
    if items.is_empty() {
        d.error(
            &root.path("owners"),
            tr!("an annual report names at least one system owner and its specialised unit (section 2)"),
        );
        return None;
    }
    let mut owners = Vec::new();
    let mut ok = true;
    for (p, v) in items {
        let owner = Obj::new(d, v, &p, OWNER_KEYS).and_then(|o| {
            let owner = read_party(&o, d, "owner");
            let unit = read_party(&o, d, "security_unit");
            Some(OwnerInfo { owner: owner?, security_unit: unit? })
        });
        match owner {
            Some(o) => owners.push(o),
            None => ok = false,
        }
    }
    ok.then_some(owners)
}

fn read_annual(value: &Value, d: &mut Diag) -> Option<Document> {
    let root = Obj::new(d, value, "", ANNUAL_KEYS)?;
    let role =
        root.choice(d, "role", true, ROLES).map(|r| if r == "unit" { AnnualRole::Unit } else { AnnualRole::Owner });
    let year = root.obj(d, "period", true, ANNUAL_PERIOD_KEYS).and_then(|o| o.int(d, "year", true, YEARS.0, YEARS.1));
    let period = match (year, role) {
        (Some(year), Some(role)) => Some(AnnualPeriod { year: year as i32, role }),
        _ => None,
    };
    let common = read_common(&root, d);
    let drafting_unit = read_drafting_unit(&root, d);
    let owners = read_owners(&root, d);
    let systems = root
        .array(d, "systems", true, MAX_SYSTEMS)
        .and_then(|items| unique_systems(items, d, read_annual_system, |s| &s.name));
    let completion_expected = root.date(d, "completion_expected", false);
    // (a map, each name folded once: folding every name again for every row took 270 s for
    // 10,000 systems and their appendices)
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, s) in systems.iter().flatten().enumerate() {
        names.entry(vn::fold_key(&s.name)).or_insert(i);
    }
    // an appendix row names a system of section 3, printed as section 3 spells it
    let known = |d: &mut Diag, o: &Obj| -> Option<String> {
        let s = o.str(d, "system", true, Text::Line)?;
        let Some(table) = &systems else { return Some(s) };
        match names.get(&vn::fold_key(&s)) {
            Some(&i) => Some(table[i].name.clone()),
            None => {
                d.error(
                    &o.path("system"),
                    tr!("{value} is not the name of a system of section 3 (systems[].name)", value = quote(&s)),
                );
                None
            }
        }
    };
    let mut appendix_ok = true;
    let mut national_security = Vec::new();
    for (p, v) in root.array(d, "national_security", false, MAX_SYSTEMS).unwrap_or_default() {
        let row = Obj::new(d, v, &p, NATIONAL_SECURITY_KEYS).and_then(|o| {
            let system = known(d, &o);
            let criterion = o.str(d, "criterion", true, Text::Line);
            let dossier = o.str(d, "dossier", true, Text::Line);
            Some(NationalSecurity { system: system?, criterion: criterion?, dossier: dossier? })
        });
        appendix_ok &= row.is_some();
        national_security.extend(row);
    }
    let mut compliance = Vec::new();
    for (p, v) in root.array(d, "compliance", false, MAX_SYSTEMS).unwrap_or_default() {
        let row = Obj::new(d, v, &p, COMPLIANCE_KEYS).and_then(|o| {
            let system = known(d, &o);
            let review = o.str(d, "review", true, Text::Line);
            let checked = o.str(d, "checked", true, Text::Free);
            let found = o.int(d, "found", true, 0, 100_000);
            let remedied = o.int(d, "remedied", true, 0, 100_000);
            if let (Some(f), Some(r)) = (found, remedied) {
                if r > f {
                    d.error(
                        &o.path("remedied"),
                        tr!("{remedied} is more than the {found} breaches found (found)", remedied = r, found = f),
                    );
                    return None;
                }
            }
            Some(Compliance {
                system: system?,
                review: review?,
                checked: checked?,
                found: found? as u32,
                remedied: remedied? as u32,
            })
        });
        appendix_ok &= row.is_some();
        compliance.extend(row);
    }
    let mut requirements = Vec::new();
    for (p, v) in root.array(d, "requirements", false, MAX_SYSTEMS).unwrap_or_default() {
        let row = Obj::new(d, v, &p, REQUIREMENT_KEYS).and_then(|o| {
            let system = known(d, &o);
            let group = o.str(d, "group", true, Text::Line);
            let met = o.bool(d, "met", true);
            let roadmap = o.date(d, "roadmap", false);
            let responsible = o.str(d, "responsible", false, Text::Line);
            if met == Some(false) && roadmap.is_none() {
                d.error(
                    &o.path("roadmap"),
                    tr!("required when met is false: the date the roadmap completes the requirement group"),
                );
            }
            Some(Requirement { system: system?, group: group?, met: met?, roadmap, responsible })
        });
        appendix_ok &= row.is_some();
        requirements.extend(row);
    }
    let stamp = period.map(Period::Year);
    let annual = (|| {
        if !appendix_ok {
            return None;
        }
        Some(Annual {
            period: period?,
            drafting_unit,
            owners: owners?,
            systems: systems?,
            completion_expected,
            national_security,
            compliance,
            requirements,
        })
    })();
    let document = common.into_document(stamp, annual.map(Report::Annual), d)?;
    if d.errors.is_empty() {
        authority_rule(&document.issuer, &document.signer, d);
        annual_rules(&document, d);
    }
    Some(document)
}

/// Who reports to whom (Decree 331 Art. 35.4) and who owns what: a unit reports to its system
/// owner, the owner to Bộ Công an (warnings, as the addressee's name is free text); every
/// system's owner (column 3) is an owner of section 2, each owner given once; an owner's report
/// comes from one of its owners.
fn annual_parties(doc: &Document, a: &Annual, d: &mut Diag) {
    let to_ministry = vn::fold_key(&doc.submit_to.name).contains("bộ công an");
    match (a.period.role, to_ministry) {
        (AnnualRole::Unit, true) => d.warn(
            "submit_to.name",
            tr!(
                "{name} is Bộ Công an, but a unit's report (role \"unit\") goes to its system owner before 20 December; the owner reports to Bộ Công an (Decree 331/2026/NĐ-CP Art. 35.4)",
                name = quote(&doc.submit_to.name)
            ),
        ),
        (AnnualRole::Owner, false) => d.warn(
            "submit_to.name",
            tr!(
                "{name} is not Bộ Công an, but the system owner's report (role \"owner\") goes to Bộ Công an before 25 December (Decree 331/2026/NĐ-CP Art. 35.4)",
                name = quote(&doc.submit_to.name)
            ),
        ),
        _ => {}
    }
    let owners: Vec<String> = a.owners.iter().map(|o| vn::fold_key(&o.owner.name)).collect();
    for (i, key) in owners.iter().enumerate() {
        if let Some(first) = owners[..i].iter().position(|k| k == key) {
            d.error(
                &format!("owners[{i}].owner.name"),
                tr!(
                    "{name} is given twice ({first}); each owner once, with its specialised unit",
                    name = quote(&a.owners[i].owner.name),
                    first = format!("owners[{first}]")
                ),
            );
        }
    }
    let listed = owners_listed(&a.owners);
    if a.period.role == AnnualRole::Owner && !owners.contains(&vn::fold_key(&doc.issuer.name)) {
        d.warn(
            "issuer.name",
            tr!(
                "{name} sends the owner's report but is not an owner of section 2 ({listed})",
                name = quote(&doc.issuer.name),
                listed
            ),
        );
    }
}

/// The owners of section 2, quoted, for a message.
fn owners_listed(owners: &[OwnerInfo]) -> String {
    owners.iter().map(|o| quote(&o.owner.name)).collect::<Vec<_>>().join(", ")
}

/// The systems of `a` whose owner (column 3) is not an owner of `owners` (section 2), each
/// with its place, and the message: `field` names where the owners are given.
pub(crate) fn unknown_owners(a: &Annual, owners: &[OwnerInfo], field: &str) -> Vec<(String, String)> {
    let keys: Vec<String> = owners.iter().map(|o| vn::fold_key(&o.owner.name)).collect();
    let listed = owners_listed(owners);
    a.systems
        .iter()
        .enumerate()
        .filter(|(_, s)| !keys.contains(&vn::fold_key(&s.owner)))
        .map(|(i, s)| {
            (
                format!("systems[{i}].owner"),
                tr!(
                    "{owner} is not an owner of section 2 ({field}: {listed}); name each system's owner as section 2 does",
                    owner = quote(&s.owner),
                    field,
                    listed = &listed
                ),
            )
        })
        .collect()
}

/// The appendices against the table: a row given twice; a requirement group not met on a system
/// whose plan column (10) says fully deployed; a roadmap later than the system's own expected
/// full deployment (column 11). Warnings: a reader would query them.
fn annual_appendices(a: &Annual, d: &mut Diag) {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, s) in a.systems.iter().enumerate() {
        by_name.entry(s.name.as_str()).or_insert(i);
    }
    let system = |name: &str| by_name.get(name).map(|&i| &a.systems[i]);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (i, r) in a.requirements.iter().enumerate() {
        let key = (r.system.clone(), vn::fold_key(&r.group));
        if let Some(first) = seen.get(&key) {
            d.warn(
                &format!("requirements[{i}]"),
                tr!(
                    "repeats {first} ({system}, {group})",
                    first = format!("requirements[{first}]"),
                    system = quote(&r.system),
                    group = quote(&r.group)
                ),
            );
        } else {
            seen.insert(key, i);
        }
        let Some(s) = system(&r.system) else { continue };
        if !r.met && s.deployment == Deployment::Full {
            d.warn(
                &format!("requirements[{i}].met"),
                tr!(
                    "{group} is not met in full, but column 10 says the plan of {name} is fully deployed (Đã triển khai đầy đủ)",
                    group = quote(&r.group),
                    name = quote(&s.name)
                ),
            );
        }
        if let (false, Some(roadmap), Some(expected)) = (r.met, r.roadmap, s.expected_deployment) {
            if roadmap > expected {
                d.warn(
                    &format!("requirements[{i}].roadmap"),
                    tr!(
                        "{roadmap} is later than the full deployment expected for {name} ({expected}, column 11)",
                        roadmap = roadmap.format("%Y-%m-%d"),
                        name = quote(&s.name),
                        expected = expected.format("%Y-%m-%d")
                    ),
                );
            }
        }
    }
    for (list, rows) in [
        ("national_security", a.national_security.iter().map(|r| r.system.as_str()).collect::<Vec<_>>()),
        ("compliance", a.compliance.iter().map(|r| r.system.as_str()).collect()),
    ] {
        for (i, name) in rows.iter().enumerate() {
            if let Some(first) = rows[..i].iter().position(|n| n == name) {
                d.warn(
                    &format!("{list}[{i}].system"),
                    tr!("{name} is given twice (also {first})", name = quote(name), first = format!("{list}[{first}]")),
                );
            }
        }
    }
}

/// Expected dates already passed on the report's date: a plan overdue is said, not hidden.
fn annual_dates(doc: &Document, a: &Annual, d: &mut Diag) {
    let today = doc.legal_date();
    let overdue = |d: &mut Diag, path: String, what: &str, date: NaiveDate| {
        if date <= today {
            d.warn(
                &path,
                tr!(
                    "{date} ({what}) is not after the report's date {today}: the expected date has passed; give the new one",
                    date = date.format("%Y-%m-%d"),
                    what,
                    today = today.format("%Y-%m-%d")
                ),
            );
        }
    };
    for (i, s) in a.systems.iter().enumerate() {
        if let (false, Some(e)) = (s.approved(), s.expected_approval) {
            overdue(d, format!("systems[{i}].expected_approval"), &tr!("column {n}", n = 9), e);
        }
        if let (true, Some(e)) = (s.deployment != Deployment::Full, s.expected_deployment) {
            overdue(d, format!("systems[{i}].expected_deployment"), &tr!("column {n}", n = 11), e);
        }
    }
    if let Some(c) = a.completion_expected {
        if !a.systems.iter().all(|s| s.approved()) {
            overdue(d, "completion_expected".to_owned(), &tr!("section 1, item 7"), c);
        }
    }
    for (i, r) in a.requirements.iter().enumerate() {
        match (r.met, r.roadmap) {
            (false, Some(date)) => overdue(d, format!("requirements[{i}].roadmap"), "Phụ lục III", date),
            (true, Some(_)) => d.warn(
                &format!("requirements[{i}].roadmap"),
                tr!("the requirement group is met in full: its roadmap date is left out"),
            ),
            _ => {}
        }
    }
}

/// The checks of an annual report that do not look at its systems (an owner's consolidated
/// report has none of its own): the decree in force, the date against the period, who reports to
/// whom, the owners of section 2 and the signer. `false` when the report cannot exist on its
/// date (the rest is then not checked).
fn annual_document_rules(doc: &Document, d: &mut Diag) -> bool {
    let Report::Annual(a) = &doc.report else { return false };
    let (from, to) = a.period.data_period();
    let due = a.period.due_date();
    // the report exists from the decree that asks for it (its template cites it: law.levels)
    let decree = crate::law::Citations::on(doc.legal_date()).get(crate::law::Role::Levels);
    if decree.is_none_or(|t| t.number != "331/2026/NĐ-CP") {
        let (path, message) = match doc.date {
            Some(d) => (
                "date",
                tr!(
                    "a report dated {date} is before the annual report exists: Decree 331/2026/NĐ-CP (Art. 35–36, Mẫu số 08) is in force from 2026-08-19",
                    date = d.format("%Y-%m-%d")
                ),
            ),
            None => (
                "period.year",
                tr!(
                    "an undated report of {year} is before the annual report exists: Decree 331/2026/NĐ-CP (Art. 35–36, Mẫu số 08) is in force from 2026-08-19",
                    year = a.period.year
                ),
            ),
        };
        d.error(path, message);
        return false;
    }
    if let Some(date) = doc.date {
        if date > due {
            let (date, due) = (date.format("%Y-%m-%d"), due.format("%Y-%m-%d"));
            let message = match a.period.role {
                AnnualRole::Unit => tr!(
                    "{date} is after the due date {due} (Decree 331/2026/NĐ-CP Art. 35.4: a unit sends its report to its system owner before 20 December)",
                    date,
                    due
                ),
                AnnualRole::Owner => tr!(
                    "{date} is after the due date {due} (Decree 331/2026/NĐ-CP Art. 35.4: the system owner sends its report to Bộ Công an before 25 December)",
                    date,
                    due
                ),
            };
            d.warn("date", message);
        }
        if date < to {
            d.warn("date", crate::messages::dated_before_data_end(&ymd(date), &ymd(from), &ymd(to)));
        }
    }
    annual_parties(doc, a, d);
    // the signer is the owner's head, or signs for them (KT., TL., TUQ., Q.); `TM.` alone (for a
    // collective body) is its head's signature too
    let for_the_head =
        doc.signer.authority.iter().any(|l| ["KT.", "TL.", "TUQ.", "Q."].iter().any(|p| l.trim_start().starts_with(p)));
    if a.period.role == AnnualRole::Owner && !for_the_head {
        if let Some(o) = a.owners.first() {
            if vn::fold_key(&o.owner.head) != vn::fold_key(&doc.signer.name) {
                d.warn(
                    "signer",
                    tr!(
                        "{signer} signs without KT., TL. or TUQ. but the head of {owner} is {head}: the owner's report is signed by its head or for them (Decree 30/2020/NĐ-CP, Phụ lục I §I.7)",
                        signer = quote(&doc.signer.name),
                        owner = quote(&o.owner.name),
                        head = quote(&o.owner.head)
                    ),
                );
            }
        }
    }
    true
}

/// The checks across fields of an annual report (annual.md).
fn annual_rules(doc: &Document, d: &mut Diag) {
    let Report::Annual(a) = &doc.report else { return };
    if !annual_document_rules(doc, d) {
        return;
    }
    for (path, message) in unknown_owners(a, &a.owners, "owners[].owner.name") {
        d.error(&path, message);
    }
    let pending: Vec<NaiveDate> =
        a.systems.iter().filter(|s| !s.approved()).filter_map(|s| s.expected_approval).collect();
    if let (Some(_), true) = (a.completion_expected, a.systems.iter().all(|s| s.approved())) {
        d.warn(
            "completion_expected",
            tr!("every system's level is approved: section 1, item 7 says it is done (đã hoàn thành) and this date is left out"),
        );
    }
    match (a.completion_expected, pending.iter().max()) {
        (None, Some(_)) => d.error(
            "completion_expected",
            tr!("required while a system's level is not approved: when every level is expected to be approved (section 1, item 7)"),
        ),
        (Some(c), Some(latest)) if c < *latest => d.error(
            "completion_expected",
            tr!(
                "{date} is earlier than the latest expected approval of a system ({latest}, column 9)",
                date = c.format("%Y-%m-%d"),
                latest = latest.format("%Y-%m-%d")
            ),
        ),
        _ => {}
    }
    annual_dates(doc, a, d);
    annual_appendices(a, d);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The input values of the decree's lists are the model's, in its order; the form offers the
    /// model's words for them.
    #[test]
    fn the_decrees_lists_are_the_models() {
        let codes = |l: &[(&'static str, &str)]| l.iter().map(|(v, _)| *v).collect::<Vec<_>>();
        assert_eq!(codes(SYSTEM_TYPES), SystemType::ALL.iter().map(|(_, v, _)| *v).collect::<Vec<_>>());
        assert_eq!(codes(APPROVALS), Approval::ALL.iter().map(|(_, v, _)| *v).collect::<Vec<_>>());
        assert_eq!(codes(DEPLOYMENTS), Deployment::ALL.iter().map(|(_, v, _)| *v).collect::<Vec<_>>());
        let form = |l: &[(&str, &str)]| l.iter().map(|(v, w)| (v.to_string(), w.to_string())).collect::<Vec<_>>();
        let model =
            |l: Vec<(&str, &str)>| l.into_iter().map(|(v, w)| (v.to_string(), w.to_string())).collect::<Vec<_>>();
        use crate::input::xlsx::layout as x;
        assert_eq!(form(x::APPROVALS), model(Approval::ALL.iter().map(|(_, v, w)| (*v, *w)).collect()));
        assert_eq!(form(x::DEPLOYMENTS), model(Deployment::ALL.iter().map(|(_, v, w)| (*v, *w)).collect()));

        let inspections: Vec<Vec<&str>> = x::INSPECTED.iter().map(|(v, _)| v.to_vec()).collect();
        assert_eq!(
            inspections,
            [vec![INSPECTIONS[0].0], vec![INSPECTIONS[1].0], vec![INSPECTIONS[0].0, INSPECTIONS[1].0]]
        );
    }
}
