//! The `activities.csv` of a Strava bulk export: which file is which activity, with its name
//! and type.
//!
//! Strava writes the file in the account's language, has added columns over the years (about
//! ten in 2019, over eighty now), repeats some names (two "Distance" and two "Elapsed Time"
//! columns, the first a display value, the second in metres or seconds), and quotes fields that
//! contain commas and newlines (descriptions). So columns are found by name, in any of the
//! languages below, the first column of a name wins, and the `csv` crate does the quoting. A
//! layout where the columns cannot be found is reported with the headers that were seen, and
//! the files then import without names.
//!
//! # Memory
//! The file is read a record at a time with `csv-core`, field by field, and only the five
//! columns miler uses are kept, each cut at [`MAX_CSV_FIELD_BYTES`]; the other eighty-odd
//! columns (descriptions, gear, weather) are skipped without being collected. So a row costs
//! its five short strings whatever the file holds, and the table at most [`MAX_CSV_ROWS`] of
//! them. Names are cleaned and cut by [`crate::text::clean`], like every reader's.

use std::io::Read;

use miler_activity::Sport;

use crate::error::Warning;

/// The most rows read: a run a day for 270 years. Rows past it are not read
/// ([`Warning::CsvRowsCapped`]), and their files import without names. At the limit the
/// table takes about 20 MB.
pub const MAX_CSV_ROWS: usize = 100_000;

/// The most bytes kept of one field (or header); the rest of the field is skipped. Ample for
/// an ID, a file name, a date or a name of [`crate::MAX_NAME_CHARS`] characters.
pub const MAX_CSV_FIELD_BYTES: usize = 4096;

/// The most columns of the header row considered (Strava writes under a hundred); columns
/// past it are never found.
pub const MAX_CSV_COLUMNS: usize = 512;

/// One row of `activities.csv`: what Strava knows about an activity besides its file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvRow {
    /// "Activity ID".
    pub id: String,
    /// "Activity Name": the title the athlete gave it.
    pub name: String,
    /// "Activity Type", as written (localised: "Run", "Lauf", "Course à pied", ...).
    pub activity_type: String,
    /// "Filename": the file's path in the export, e.g. `activities/1234.fit.gz`; empty for an
    /// activity entered by hand.
    pub filename: String,
    /// "Activity Date", as written: its format follows the account's locale, so it is kept as
    /// text; the file's own start time is the one the activity uses.
    pub date: String,
}

/// The columns miler uses, with their English names for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Name,
    Type,
    Filename,
    Date,
}

impl Column {
    const ALL: [Column; 5] = [
        Column::Id,
        Column::Name,
        Column::Type,
        Column::Filename,
        Column::Date,
    ];

    fn english(self) -> &'static str {
        match self {
            Column::Id => "Activity ID",
            Column::Name => "Activity Name",
            Column::Type => "Activity Type",
            Column::Filename => "Filename",
            Column::Date => "Activity Date",
        }
    }

    /// Header names, lower-cased, in order of preference. English first, then German, French,
    /// Spanish, Dutch, Italian and Portuguese; the bare English names last are the 2018-2019
    /// export's (`id,date,name,type,...,filename`), which must not shadow "Activity Type" in a
    /// current export that also has a later "Type" column. The German, Dutch, French and Spanish
    /// names are as seen in real exports; the Italian and Portuguese ones follow Strava's
    /// interface labels.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::Id => &[
                "activity id",
                "aktivitäts-id",
                "id de l'activité",
                "id de actividad",
                "id de la actividad",
                "activiteits-id",
                "id attività",
                "id dell'attività",
                "id da atividade",
                "id",
            ],
            Column::Name => &[
                "activity name",
                "name der aktivität",
                "aktivitätsname",
                "nom de l'activité",
                "nombre de la actividad",
                "naam activiteit",
                "nome attività",
                "nome dell'attività",
                "nome da atividade",
                "name",
            ],
            Column::Type => &[
                "activity type",
                "aktivitätsart",
                "type d'activité",
                "type de l'activité",
                "tipo de actividad",
                "activiteitstype",
                "tipo attività",
                "tipo di attività",
                "tipo de atividade",
                "type",
            ],
            Column::Filename => &[
                "filename",
                "dateiname",
                "nom du fichier",
                "nombre del archivo",
                "nombre de archivo",
                "bestandsnaam",
                "nome file",
                "nome del file",
                "nome do arquivo",
                "nome do ficheiro",
            ],
            Column::Date => &[
                "activity date",
                "aktivitätsdatum",
                "date de l'activité",
                "fecha de la actividad",
                "datum van activiteit",
                "data attività",
                "data dell'attività",
                "data da atividade",
                "date",
            ],
        }
    }
}

/// A header as compared: trimmed, lower case, typographic apostrophes made plain.
fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
}

/// The rows of `activities.csv`, and warnings about its layout.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub(crate) rows: Vec<CsvRow>,
    pub(crate) warnings: Vec<Warning>,
}

/// Reads `activities.csv` from bytes in memory; see [`read`].
pub(crate) fn parse(bytes: &[u8]) -> Table {
    read(bytes)
}

/// Reads `activities.csv` as a stream (an archive entry as it inflates, or bytes). Never
/// fails: a layout it cannot use gives no rows and a warning, and a read error keeps the rows
/// before it.
pub(crate) fn read(input: impl Read) -> Table {
    let mut records = Records::new(input);
    let mut table = Table::default();
    let mut fields = Vec::new();
    match records.next(&mut fields, |column| column < MAX_CSV_COLUMNS) {
        Ok(true) => {}
        Ok(false) => {
            table.warnings.push(Warning::CsvUnreadable {
                message: "the file is empty".to_owned(),
            });
            return table;
        }
        Err(e) => {
            table.warnings.push(Warning::CsvUnreadable {
                message: e.to_string(),
            });
            return table;
        }
    }
    let headers: Vec<String> = fields.drain(..).map(|f| f.text).collect();
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let find = |c: Column| {
        c.names()
            .iter()
            .find_map(|name| normalised.iter().position(|h| h == name))
    };
    let index: Vec<Option<usize>> = Column::ALL.iter().map(|&c| find(c)).collect();
    let at = |c: Column| index[Column::ALL.iter().position(|&x| x == c).unwrap_or(0)];
    let joined = at(Column::Id).is_some() || at(Column::Filename).is_some();
    let missing: Vec<&'static str> = Column::ALL
        .iter()
        .zip(&index)
        .filter(|(_, i)| i.is_none())
        .map(|(c, _)| c.english())
        .collect();
    if !missing.is_empty() {
        table.warnings.push(Warning::CsvColumns {
            missing,
            seen: headers.clone(),
            joined,
        });
    }
    if !joined {
        return table;
    }
    let wanted = |column: usize| index.contains(&Some(column));
    let mut names_cleaned = 0;
    loop {
        match records.next(&mut fields, wanted) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                table.warnings.push(Warning::CsvUnreadable {
                    message: format!("{e}; the rows before it were used"),
                });
                break;
            }
        }
        let field = |c: Column| {
            at(c)
                .and_then(|i| fields.iter().find(|f| f.column == i))
                .map(|f| (f.text.trim(), f.cut))
                .unwrap_or_default()
        };
        let (raw_name, name_cut) = field(Column::Name);
        let name = crate::text::clean(raw_name, name_cut);
        let row = CsvRow {
            id: field(Column::Id).0.to_owned(),
            activity_type: field(Column::Type).0.to_owned(),
            filename: field(Column::Filename).0.replace('\\', "/"),
            date: field(Column::Date).0.to_owned(),
            name: name.text.clone(),
        };
        if row == CsvRow::default() {
            continue;
        }
        if table.rows.len() == MAX_CSV_ROWS {
            table.warnings.push(Warning::CsvRowsCapped {
                limit: MAX_CSV_ROWS,
            });
            break;
        }
        if name.warning("name").is_some() {
            names_cleaned += 1;
        }
        table.rows.push(row);
    }
    if names_cleaned > 0 {
        table.warnings.push(Warning::CsvNamesCleaned {
            rows: names_cleaned,
            limit: crate::MAX_NAME_CHARS,
        });
    }
    table
}

/// One kept field of a record.
#[derive(Debug)]
struct Field {
    column: usize,
    text: String,
    /// Whether the field was longer than [`MAX_CSV_FIELD_BYTES`] and was cut.
    cut: bool,
}

/// Records of a CSV stream, read a chunk at a time, keeping only the wanted fields.
struct Records<R> {
    input: R,
    csv: csv_core::Reader,
    chunk: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> Records<R> {
    fn new(input: R) -> Records<R> {
        Records {
            input,
            csv: csv_core::Reader::new(),
            chunk: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            eof: false,
        }
    }

    /// Reads the next record into `fields`, keeping the columns `wanted` accepts; false at
    /// the end of the input.
    fn next(
        &mut self,
        fields: &mut Vec<Field>,
        wanted: impl Fn(usize) -> bool,
    ) -> std::io::Result<bool> {
        fields.clear();
        let mut column = 0;
        let mut kept = vec![0u8; MAX_CSV_FIELD_BYTES];
        let mut skipped = [0u8; 1024];
        let mut len = 0;
        let mut cut = false;
        loop {
            if self.start == self.end && !self.eof {
                let n = loop {
                    match self.input.read(&mut self.chunk) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let keep = wanted(column);
            let output: &mut [u8] = if keep && len < kept.len() {
                &mut kept[len..]
            } else {
                &mut skipped
            };
            let (result, read, written) = self
                .csv
                .read_field(&self.chunk[self.start..self.end], output);
            self.start += read;
            if keep && len < kept.len() {
                len += written;
            } else if keep {
                cut |= written > 0;
            }
            match result {
                csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
                csv_core::ReadFieldResult::Field { record_end } => {
                    if keep {
                        fields.push(Field {
                            column,
                            text: String::from_utf8_lossy(&kept[..len]).into_owned(),
                            cut,
                        });
                    }
                    column += 1;
                    len = 0;
                    cut = false;
                    if record_end {
                        return Ok(true);
                    }
                }
                csv_core::ReadFieldResult::End => return Ok(false),
            }
        }
    }
}

/// The sport a Strava activity type names, in any of the export's languages; `None` when the
/// type is not one miler knows, so that an unfamiliar word never overrides what the file says.
pub(crate) fn sport(activity_type: &str) -> Option<Sport> {
    const RUNNING: &[&str] = &[
        "lauf",
        "traillauf",
        "virtueller lauf",
        "course à pied",
        "course",
        "course à pied virtuelle",
        "course virtuelle",
        "trail",
        "carrera",
        "carrera por montaña",
        "carrera virtual",
        "hardloopsessie",
        "hardlopen",
        "trailrun",
        "virtuele hardloopsessie",
        "corsa",
        "corsa su sentiero",
        "corsa virtuale",
        "corrida",
        "corrida em trilha",
        "corrida virtual",
    ];
    const WALKING: &[&str] = &[
        "spaziergang",
        "gehen",
        "marche",
        "caminata",
        "wandeling",
        "wandelen",
        "camminata",
        "caminhada",
    ];
    const HIKING: &[&str] = &["wanderung", "randonnée", "senderismo", "escursionismo"];
    const CYCLING: &[&str] = &[
        "radfahrt",
        "virtuelle radfahrt",
        "sortie à vélo",
        "vélo",
        "bicicleta",
        "ciclismo",
        "fietsrit",
        "fietsen",
        "giro in bici",
        "pedalada",
        "e-bike ride",
        "mountain bike ride",
        "gravel ride",
    ];
    const SWIMMING: &[&str] = &[
        "schwimmen",
        "natation",
        "natación",
        "zwemmen",
        "nuoto",
        "natação",
    ];
    let key = normalise(activity_type);
    let table: [(&[&str], Sport); 5] = [
        (RUNNING, Sport::Running),
        (WALKING, Sport::Walking),
        (HIKING, Sport::Hiking),
        (CYCLING, Sport::Cycling),
        (SWIMMING, Sport::Swimming),
    ];
    if let Some((_, sport)) = table
        .into_iter()
        .find(|(names, _)| names.contains(&key.as_str()))
    {
        return Some(sport);
    }
    match Sport::from_name(&key) {
        Sport::Other(_) => None,
        sport => Some(sport),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_headers_with_duplicates_quotes_and_newlines() {
        let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,\
                   Elapsed Time,Distance,Filename,Elapsed Time,Distance,Type\n\
                   101,\"Sep 12, 2018, 3:02:23 PM\",\"Morning, easy\",Run,\"two\nlines\",783,3.68,\
                   activities/101.gpx,783,3681.0,X\n\
                   102,\"Sep 13, 2018, 3:02:23 PM\",Added by hand,Run,,60,1.0,,60,1000,X\n";
        let table = parse(csv.as_bytes());
        assert!(table.warnings.is_empty(), "{:?}", table.warnings);
        assert_eq!(
            table.rows[0],
            CsvRow {
                id: "101".into(),
                name: "Morning, easy".into(),
                activity_type: "Run".into(),
                filename: "activities/101.gpx".into(),
                date: "Sep 12, 2018, 3:02:23 PM".into(),
            }
        );
        assert_eq!(table.rows[1].filename, "");
    }

    #[test]
    fn localised_headers() {
        let layouts = [
            "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart,Dateiname",
            "ID de l’activité,Date de l'activité,Nom de l'activité,Type d'activité,Nom du fichier",
            "ID de actividad,Fecha de la actividad,Nombre de la actividad,Tipo de actividad,Nombre del archivo",
            "Activiteits-ID,Datum van activiteit,Naam activiteit,Activiteitstype,Bestandsnaam",
            "ID attività,Data attività,Nome attività,Tipo attività,Nome file",
            "ID da atividade,Data da atividade,Nome da atividade,Tipo de atividade,Nome do arquivo",
            "\u{feff}id,date,name,type,filename",
        ];
        for header in layouts {
            let csv = format!("{header}\n7,d,Intervals,Run,activities/7.fit.gz\n");
            let table = parse(csv.as_bytes());
            assert!(table.warnings.is_empty(), "{header}: {:?}", table.warnings);
            assert_eq!(table.rows[0].name, "Intervals", "{header}");
            assert_eq!(table.rows[0].filename, "activities/7.fit.gz", "{header}");
        }
    }

    #[test]
    fn unknown_layout_names_what_was_seen() {
        let table = parse(b"Foo,Bar\n1,2\n");
        assert!(table.rows.is_empty());
        match &table.warnings[..] {
            [w @ Warning::CsvColumns { joined: false, .. }] => {
                let text = w.to_string();
                assert!(
                    text.contains("Foo | Bar") && text.contains("Activity ID"),
                    "{text}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rows_are_read_to_the_row_limit() {
        let mut csv = String::from("Activity ID,Filename\n");
        for i in 0..MAX_CSV_ROWS {
            csv.push_str(&format!("{i},activities/{i}.fit\n"));
        }
        let table = parse(csv.as_bytes());
        assert_eq!(table.rows.len(), MAX_CSV_ROWS);
        assert!(
            !table
                .warnings
                .iter()
                .any(|w| matches!(w, Warning::CsvRowsCapped { .. }))
        );
        csv.push_str("x,activities/x.fit\n");
        let table = parse(csv.as_bytes());
        assert_eq!(table.rows.len(), MAX_CSV_ROWS);
        assert!(table.warnings.contains(&Warning::CsvRowsCapped {
            limit: MAX_CSV_ROWS
        }));
    }

    #[test]
    fn fields_are_kept_to_the_field_limit() {
        let at = "f".repeat(MAX_CSV_FIELD_BYTES);
        let csv = format!("Activity ID,Filename,Activity Name\n{at},{at}x,\"{at}\"\n");
        let table = parse(csv.as_bytes());
        assert_eq!(table.rows[0].id, at);
        // One byte over: cut at the limit.
        assert_eq!(table.rows[0].filename, at);
        assert_eq!(table.rows[0].name.len(), crate::MAX_NAME_CHARS);
    }

    #[test]
    fn columns_are_looked_for_up_to_the_column_limit() {
        for (position, found) in [(MAX_CSV_COLUMNS - 1, true), (MAX_CSV_COLUMNS, false)] {
            let mut headers = vec!["x"; position];
            headers.push("Filename");
            let mut values = vec![""; position];
            values.push("activities/1.gpx");
            let csv = format!("{}\n{}\n", headers.join(","), values.join(","));
            let table = parse(csv.as_bytes());
            assert_eq!(table.rows.len(), usize::from(found), "column {position}");
        }
    }

    #[test]
    fn sports_in_several_languages() {
        for (word, want) in [
            ("Run", Some(Sport::Running)),
            ("Lauf", Some(Sport::Running)),
            ("Course à pied", Some(Sport::Running)),
            ("Hardloopsessie", Some(Sport::Running)),
            ("Radfahrt", Some(Sport::Cycling)),
            ("Ride", Some(Sport::Cycling)),
            ("Walk", Some(Sport::Walking)),
            ("Yoga", None),
        ] {
            assert_eq!(sport(word), want, "{word}");
        }
    }
}
