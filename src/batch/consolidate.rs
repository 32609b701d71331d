//! The consolidated report: each unit's figures (kept as the units are checked), sorted by the
//! Vietnamese alphabet, units of the same name told apart, drawn with the texts read back from the
//! spill.

use std::path::{Path, PathBuf};

use super::spill::{Place, Spill, SpillStore};
use crate::engine::Engine;
use crate::input;
use crate::messages::tr;
use crate::model::{self, Report};
use crate::output::{self, Format};
use crate::publish;

/// A unit's figures for the consolidated report (its documents are not kept), and where its
/// texts are in the [`Spill`].
#[derive(Debug, Clone)]
pub(super) struct FiguresRow {
    figures: Figures,
    texts: Place,
    counts: [usize; model::UNIT_LISTS],
    /// The unit's parent and its source: what tells two units of the same name apart.
    parent: Option<String>,
    source: String,
}

#[derive(Debug, Clone)]
enum Figures {
    Monthly(model::MonthlyFigures),
    Assessment(model::AssessmentFigures),
    Annual(model::AnnualFigures),
}

impl FiguresRow {
    /// The agency the row counts: its name and its parent's (empty when not given), each as
    /// compared: without case, punctuation or spacing, in one Unicode form, the tone of `oa`,
    /// `oe`, `uy` placed as the new spelling places it, `UBND`, `HĐND` and `TP` spelt out (a copy
    /// named "Sở Y tế.", "UBND thành phố …" or under "Uỷ ban …" was counted twice, a fifth and a
    /// sixth hostile review). Accents count: `An` and `Ân` are two names.
    pub(super) fn agency(&self) -> (String, String) {
        let key = |s: &str| -> String {
            let folded = crate::vn::new_tone_placement(&crate::vn::fold_key(s));
            folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| match w {
                    "ubnd" => "ủybannhândân",
                    "hđnd" => "hộiđồngnhândân",
                    "tp" => "thànhphố",
                    w => w,
                })
                .collect::<Vec<_>>()
                .concat()
        };
        (key(self.unit()), self.parent.as_deref().map(key).unwrap_or_default())
    }

    fn unit(&self) -> &str {
        match &self.figures {
            Figures::Monthly(f) => &f.unit,
            Figures::Assessment(f) => &f.unit,
            Figures::Annual(f) => &f.unit,
        }
    }

    fn unit_mut(&mut self) -> &mut String {
        match &mut self.figures {
            Figures::Monthly(f) => &mut f.unit,
            Figures::Assessment(f) => &mut f.unit,
            Figures::Annual(f) => &mut f.unit,
        }
    }
}

pub(super) fn figures_of(doc: &model::Document, spill: &Spill, source: &str) -> std::io::Result<FiguresRow> {
    // each system with public addresses: `name` ADDRESSES `address\naddress`
    let addresses: Vec<String> = match &doc.report {
        Report::Monthly(m) => m
            .systems
            .iter()
            .filter(|s| !s.public_ips.is_empty())
            .map(|s| format!("{}{}{}", s.name, model::ADDRESSES, s.public_ips.join("\n")))
            .collect(),
        _ => Vec::new(),
    };
    let (figures, texts): (Figures, model::UnitTexts) = match &doc.report {
        Report::Monthly(m) => (
            Figures::Monthly(m.figures(&doc.issuer.name, doc.date)),
            [m.difficulties.clone(), m.proposals.clone(), addresses, Vec::new()],
        ),
        Report::Assessment(a) => (
            Figures::Assessment(a.figures(&doc.issuer.name)),
            [a.recommendations.clone(), Vec::new(), Vec::new(), Vec::new()],
        ),
        Report::Annual(a) => {
            // its rows as the template draws them, its systems by name (annual.md: the owner's
            // table is sorted by unit, then name)
            let mut rows = crate::template::annual_rows(a);
            let cmp = crate::vn::vietnamese_order();
            rows[0].sort_by(|x, y| cmp(x["name"].as_str().unwrap_or_default(), y["name"].as_str().unwrap_or_default()));
            let figures = a.figures();
            let pending = figures[4] < figures[0];
            (
                Figures::Annual(model::AnnualFigures {
                    unit: doc.issuer.name.clone(),
                    figures,
                    completion_expected: a.completion_expected.filter(|_| pending),
                }),
                rows.map(|list| list.iter().map(serde_json::Value::to_string).collect()),
            )
        }
        Report::Consolidated(_) => {
            return Err(std::io::Error::other(tr!("a consolidated report cannot be a unit of a batch")))
        }
    };
    Ok(FiguresRow {
        figures,
        texts: spill.put(&texts)?,
        counts: texts.each_ref().map(Vec::len),
        parent: doc.issuer.parent.clone(),
        source: source.to_owned(),
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn consolidate(
    engine: &Engine,
    fields: input::ConsolidatedFields,
    period: input::BatchPeriod,
    mut rows: Vec<FiguresRow>,
    spill: Spill,
    failed: Vec<String>,
    dir: &Path,
    formats: &[Format],
    email: Option<publish::Email<'_>>,
) -> Result<Vec<PathBuf>, Vec<String>> {
    // a report over no unit's report would state figures of nothing as facts
    if rows.is_empty() {
        let message = if failed.is_empty() {
            tr!("consolidated: the batch has no unit; no consolidated report is written")
        } else {
            tr!(
                "consolidated: every unit's report failed ({n}: {units}); no consolidated report is written",
                n = failed.len(),
                units = failed.join("; ")
            )
        };
        return Err(vec![message]);
    }
    let cmp = crate::vn::vietnamese_order();
    rows.sort_by(|a, b| cmp(a.unit(), b.unit()));
    tell_apart(&mut rows);
    // a unit's kind is the defaults' (check_unit), so every row is of this kind; the texts' places
    // follow the rows kept
    let mut places = Vec::with_capacity(rows.len());
    let mut counts = [0; model::UNIT_LISTS];
    let mut keep = |texts: Place, n: [usize; model::UNIT_LISTS]| {
        places.push(texts);
        for (c, n) in counts.iter_mut().zip(n) {
            *c += n;
        }
    };
    // a row of another kind would be a unit that escaped check_unit: said, never dropped
    let other = |source: &str| vec![tr!("consolidated: {source}: a report of another kind than the batch's", source)];
    let figures = match period {
        input::BatchPeriod::Assessment(period) => {
            let units = rows
                .into_iter()
                .map(|r| match r.figures.clone() {
                    Figures::Assessment(f) => {
                        keep(r.texts, r.counts);
                        Ok(f)
                    }
                    _ => Err(other(&r.source)),
                })
                .collect::<Result<_, _>>()?;
            model::UnitFigures::Assessment { period, units }
        }
        input::BatchPeriod::Monthly(period) => {
            let units = rows
                .into_iter()
                .map(|r| match r.figures.clone() {
                    Figures::Monthly(f) => {
                        keep(r.texts, r.counts);
                        Ok(f)
                    }
                    _ => Err(other(&r.source)),
                })
                .collect::<Result<_, _>>()?;
            model::UnitFigures::Monthly { period, units }
        }
        input::BatchPeriod::Annual(period) => {
            let units: Vec<model::AnnualFigures> = rows
                .into_iter()
                .map(|r| match r.figures.clone() {
                    Figures::Annual(f) => {
                        keep(r.texts, r.counts);
                        Ok(f)
                    }
                    _ => Err(other(&r.source)),
                })
                .collect::<Result<_, _>>()?;
            let own = fields
                .annual()
                .cloned()
                .ok_or_else(|| vec![tr!("consolidated: the owner's own fields (owners, section 2) were not read")])?;
            completion_no_earlier(&own, &units)?;
            let period = model::AnnualPeriod { role: model::AnnualRole::Owner, ..period };
            model::UnitFigures::Annual { period, own, units }
        }
    };
    let notes = model::Notes::new(std::sync::Arc::new(SpillStore { spill, places }), counts);
    let consolidated =
        model::Consolidated { figures: std::sync::Arc::new(figures), notes, failed, own: Default::default() };
    let doc = fields.document(consolidated);
    let prefix = |p: &str| tr!("consolidated: {problem}", problem = p);
    let stem = output::file_stem(&doc);
    publish::write(engine, &doc, dir, &stem, formats, email).map(|w| w.files).map_err(|e| vec![prefix(&e.to_string())])
}

/// Two units of the same `issuer.name` are told apart in the consolidated report (reports.md):
/// each named with its parent, or its file name when the parents are the same too.
fn tell_apart(rows: &mut [FiguresRow]) {
    let mut by_name: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_name.entry(crate::vn::fold_key(r.unit())).or_default().push(i);
    }
    for same in by_name.values().filter(|v| v.len() > 1) {
        let parents: std::collections::HashSet<Option<String>> = same.iter().map(|&i| rows[i].parent.clone()).collect();
        let by_parent = parents.len() == same.len() && !parents.contains(&None);
        for &i in same {
            let tag = match &rows[i].parent {
                Some(p) if by_parent => p.clone(),
                _ => rows[i].source.clone(),
            };
            let unit = rows[i].unit_mut();
            *unit = format!("{unit} ({tag})");
        }
    }
}

/// The owner's section 1 (7), when it gives one, is no earlier than any unit's: the levels of
/// every system in scope cannot all be approved before a unit expects its own to be.
fn completion_no_earlier(own: &model::AnnualOwn, units: &[model::AnnualFigures]) -> Result<(), Vec<String>> {
    let Some(given) = own.completion_expected else { return Ok(()) };
    let later: Vec<String> = units
        .iter()
        .filter_map(|u| {
            u.completion_expected
                .filter(|e| *e > given)
                .map(|e| format!("{} ({})", u.unit, crate::messages::date(&e.format("%Y-%m-%d").to_string())))
        })
        .collect();
    if later.is_empty() {
        return Ok(());
    }
    Err(vec![tr!(
        "consolidated: completion_expected: {given} is earlier than the expected completion of {n} unit(s) (section 1, item 7 of their reports): {units}; give a date no earlier, or leave it out to take the latest",
        given = given.format("%Y-%m-%d"),
        n = later.len(),
        units = later.join("; ")
    )])
}
