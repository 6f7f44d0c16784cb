//! Go time layouts (`"2006-01-02 15:04"`, `time.RFC3339`...): formatting a UTC instant with a
//! layout, and parsing a string with one, as `time.Format` / `time.Parse` read the reference
//! time's elements. Only UTC instants are written (zones as `Z`, `+00:00`, `UTC`); parsing
//! accepts numeric offsets and any 3-5 letter zone abbreviation (Go treats an unknown one as
//! UTC).

/// One element of a layout.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Elem {
    Lit(u8),
    Year4,
    Year2,
    Month2,
    Month1,
    MonthShort,
    MonthLong,
    Day2,
    Day1,
    DaySpace,
    YearDay3,
    WeekShort,
    WeekLong,
    Hour24,
    Hour12Pad,
    Hour12,
    Min2,
    Min1,
    Sec2,
    Sec1,
    PmUpper,
    PmLower,
    ZoneName,
    /// `Z07:00` (`Z` for UTC) or `-07:00`, `-0700`, `-07`: (`Z` allowed, colon).
    Offset(bool, Colon),
    /// `.000` / `,999`: digits, fixed (`0`) or trimmed (`9`).
    Frac(u8, usize, bool),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Colon {
    Hours,
    HoursMinutes,
    Packed,
}

const NAMES: [(&str, Elem); 24] = [
    ("January", Elem::MonthLong),
    ("Jan", Elem::MonthShort),
    ("Monday", Elem::WeekLong),
    ("Mon", Elem::WeekShort),
    ("MST", Elem::ZoneName),
    ("2006", Elem::Year4),
    ("Z07:00", Elem::Offset(true, Colon::HoursMinutes)),
    ("Z0700", Elem::Offset(true, Colon::Packed)),
    ("Z07", Elem::Offset(true, Colon::Hours)),
    ("-07:00", Elem::Offset(false, Colon::HoursMinutes)),
    ("-0700", Elem::Offset(false, Colon::Packed)),
    ("-07", Elem::Offset(false, Colon::Hours)),
    ("002", Elem::YearDay3),
    ("01", Elem::Month2),
    ("02", Elem::Day2),
    ("03", Elem::Hour12Pad),
    ("04", Elem::Min2),
    ("05", Elem::Sec2),
    ("06", Elem::Year2),
    ("_2", Elem::DaySpace),
    ("15", Elem::Hour24),
    ("PM", Elem::PmUpper),
    ("pm", Elem::PmLower),
    ("1", Elem::Month1),
];

fn elems(layout: &[u8]) -> Vec<Elem> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < layout.len() {
        let rest = &layout[i..];
        // Fractional seconds: `.000` / `,999` right after a seconds element or anywhere.
        if matches!(rest[0], b'.' | b',') && rest.len() > 1 && matches!(rest[1], b'0' | b'9') {
            let d = rest[1];
            let n = rest[1..].iter().take_while(|&&c| c == d).count();
            if !rest.get(1 + n).is_some_and(u8::is_ascii_digit) {
                out.push(Elem::Frac(rest[0], n, d == b'0'));
                i += 1 + n;
                continue;
            }
        }
        if let Some((name, e)) = NAMES.iter().find(|(n, _)| rest.starts_with(n.as_bytes())) {
            out.push(*e);
            i += name.len();
            continue;
        }
        let single = match rest[0] {
            b'2' => Some(Elem::Day1),
            b'3' => Some(Elem::Hour12),
            b'4' => Some(Elem::Min1),
            b'5' => Some(Elem::Sec1),
            _ => None,
        };
        out.push(single.unwrap_or(Elem::Lit(rest[0])));
        i += 1;
    }
    out
}

/// Go's month names (`time.January`... and the `January`/`Jan` layout elements).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Unix seconds of a UTC civil time.
pub fn unix(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
    days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s
}

/// `time.Unix(secs, 0).UTC().Format(layout)`; None outside years 0..=9999.
pub fn format(layout: &[u8], secs: i64) -> Option<String> {
    let (y, mo, d) = civil_from_days(secs.div_euclid(86400));
    if !(0..=9999).contains(&y) {
        return None;
    }
    let tod = secs.rem_euclid(86400);
    let (h, mi, s) = (tod / 3600, tod / 60 % 60, tod % 60);
    let yday = days_from_civil(y, mo, d) - days_from_civil(y, 1, 1) + 1;
    let wday = (secs.div_euclid(86400) + 4).rem_euclid(7) as usize;
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let mut out: Vec<u8> = Vec::new();
    for e in elems(layout) {
        let piece = match e {
            Elem::Lit(c) => {
                // Layout bytes are copied as they are (a non-ASCII literal stays UTF-8).
                out.push(c);
                continue;
            }
            Elem::Year4 => format!("{y:04}"),
            Elem::Year2 => format!("{:02}", y % 100),
            Elem::Month2 => format!("{mo:02}"),
            Elem::Month1 => mo.to_string(),
            Elem::MonthShort => MONTHS[mo as usize - 1][..3].to_string(),
            Elem::MonthLong => MONTHS[mo as usize - 1].to_string(),
            Elem::Day2 => format!("{d:02}"),
            Elem::Day1 => d.to_string(),
            Elem::DaySpace => format!("{d:>2}"),
            Elem::YearDay3 => format!("{yday:03}"),
            Elem::WeekShort => DAYS[wday][..3].to_string(),
            Elem::WeekLong => DAYS[wday].to_string(),
            Elem::Hour24 => format!("{h:02}"),
            Elem::Hour12Pad => format!("{h12:02}"),
            Elem::Hour12 => h12.to_string(),
            Elem::Min2 => format!("{mi:02}"),
            Elem::Min1 => mi.to_string(),
            Elem::Sec2 => format!("{s:02}"),
            Elem::Sec1 => s.to_string(),
            Elem::PmUpper => (if h >= 12 { "PM" } else { "AM" }).to_string(),
            Elem::PmLower => (if h >= 12 { "pm" } else { "am" }).to_string(),
            Elem::ZoneName => "UTC".to_string(),
            Elem::Offset(z, c) => match (z, c) {
                (true, _) => "Z".to_string(),
                (false, Colon::HoursMinutes) => "+00:00".to_string(),
                (false, Colon::Packed) => "+0000".to_string(),
                (false, Colon::Hours) => "+00".to_string(),
            },
            Elem::Frac(sep, n, fixed) => {
                if fixed {
                    format!("{}{}", sep as char, "0".repeat(n))
                } else {
                    String::new()
                }
            }
        };
        out.extend_from_slice(piece.as_bytes());
    }
    String::from_utf8(out).ok()
}

struct Cursor<'a> {
    s: &'a [u8],
}

impl Cursor<'_> {
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let n = self
            .s
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n < min {
            return None;
        }
        let v = std::str::from_utf8(&self.s[..n]).ok()?.parse().ok()?;
        self.s = &self.s[n..];
        Some(v)
    }

    fn word<'n>(&mut self, names: impl Iterator<Item = &'n str>) -> Option<usize> {
        for (i, n) in names.enumerate() {
            if self.s.len() >= n.len() && self.s[..n.len()].eq_ignore_ascii_case(n.as_bytes()) {
                self.s = &self.s[n.len()..];
                return Some(i);
            }
        }
        None
    }

    fn lit(&mut self, c: u8) -> Option<()> {
        let (&first, rest) = self.s.split_first()?;
        (first == c).then(|| self.s = rest)
    }

    fn offset(&mut self, z: bool, colon: Colon) -> Option<i64> {
        if z && self.lit(b'Z').is_some() {
            return Some(0);
        }
        let sign = match self.s.first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.s = &self.s[1..];
        let h = self.digits(2, 2)?;
        let m = match colon {
            Colon::Hours => 0,
            Colon::HoursMinutes => {
                self.lit(b':')?;
                self.digits(2, 2)?
            }
            Colon::Packed => self.digits(2, 2)?,
        };
        Some(sign * (h * 3600 + m * 60))
    }
}

/// `time.Parse(layout, s)`: the instant as Unix seconds (fractions dropped), or None when Go
/// returns an error (wrong shape, out-of-range fields, extra text).
pub fn parse(layout: &[u8], s: &[u8]) -> Option<i64> {
    let mut c = Cursor { s };
    let (mut y, mut mo, mut d, mut h, mut mi, mut sec) = (0i64, 1i64, 1i64, 0i64, 0i64, 0i64);
    let (mut pm, mut off, mut yday) = (None, 0i64, None);
    let items = elems(layout);
    for (k, e) in items.iter().enumerate() {
        match *e {
            Elem::Lit(ch) => c.lit(ch)?,
            Elem::Year4 => y = c.digits(4, 4)?,
            Elem::Year2 => {
                let v = c.digits(2, 2)?;
                y = if v >= 69 { 1900 + v } else { 2000 + v };
            }
            Elem::Month2 => mo = c.digits(2, 2)?,
            Elem::Month1 => mo = c.digits(1, 2)?,
            Elem::MonthShort => mo = c.word(MONTHS.iter().map(|m| &m[..3]))? as i64 + 1,
            Elem::MonthLong => mo = c.word(MONTHS.iter().copied())? as i64 + 1,
            Elem::Day2 => d = c.digits(2, 2)?,
            Elem::Day1 => d = c.digits(1, 2)?,
            Elem::DaySpace => {
                let _ = c.lit(b' ');
                d = c.digits(1, 2)?;
            }
            Elem::YearDay3 => yday = Some(c.digits(3, 3)?),
            Elem::WeekShort => drop(c.word(DAYS.iter().map(|m| &m[..3]))?),
            Elem::WeekLong => drop(c.word(DAYS.iter().copied())?),
            Elem::Hour24 => h = c.digits(2, 2)?,
            Elem::Hour12Pad => h = c.digits(2, 2)?,
            Elem::Hour12 => h = c.digits(1, 2)?,
            Elem::Min2 => mi = c.digits(2, 2)?,
            Elem::Min1 => mi = c.digits(1, 2)?,
            Elem::Sec2 | Elem::Sec1 => {
                sec = c.digits(if *e == Elem::Sec2 { 2 } else { 1 }, 2)?;
                // Go accepts fractional seconds after a seconds element the layout lacks.
                let next_is_frac = matches!(items.get(k + 1), Some(Elem::Frac(..)));
                if !next_is_frac && c.s.len() >= 2 && c.s[0] == b'.' && c.s[1].is_ascii_digit() {
                    c.lit(b'.')?;
                    c.digits(1, 9)?;
                }
            }
            Elem::PmUpper | Elem::PmLower => {
                pm = Some(c.word(["AM", "PM"].into_iter())? == 1);
            }
            Elem::ZoneName => {
                let n = c.s.iter().take_while(|b| b.is_ascii_uppercase()).count();
                if !(3..=5).contains(&n) {
                    return None;
                }
                c.s = &c.s[n..];
            }
            Elem::Offset(z, colon) => off = c.offset(z, colon)?,
            Elem::Frac(sep, n, fixed) => {
                if fixed {
                    c.lit(sep)?;
                    c.digits(n, n)?;
                } else if c.lit(sep).is_some() || (sep == b'.' && c.lit(b',').is_some()) {
                    c.digits(1, 9)?;
                }
            }
        }
    }
    if !c.s.is_empty() {
        return None;
    }
    if let Some(pm) = pm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (pm, h) {
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, 12) => 0,
            (false, h) => h,
        };
    }
    if let Some(yd) = yday {
        let len = days_from_civil(y + 1, 1, 1) - days_from_civil(y, 1, 1);
        if !(1..=len).contains(&yd) {
            return None;
        }
        let (_, m2, d2) = civil_from_days(days_from_civil(y, 1, 1) + yd - 1);
        mo = m2;
        d = d2;
    }
    let month_len =
        days_from_civil(y + (mo == 12) as i64, mo % 12 + 1, 1) - days_from_civil(y, mo, 1);
    let ok = (1..=12).contains(&mo)
        && (1..=month_len).contains(&d)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0..60).contains(&sec);
    ok.then(|| unix(y, mo, d, h, mi, sec) - off)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_format_and_parse_back() {
        let t = unix(2024, 1, 1, 0, 0, 0);
        assert_eq!(t, 1_704_067_200);
        assert_eq!(
            format(b"2006-01-02 15:04", t - 1).as_deref(),
            Some("2023-12-31 23:59")
        );
        assert_eq!(
            format(b"2006-01-02T15:04:05Z07:00", t).as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            format(b"Mon, 02 Jan 2006 15:04:05 MST", t).as_deref(),
            Some("Mon, 01 Jan 2024 00:00:00 UTC")
        );
        assert_eq!(format(b"3:04PM", t + 13 * 3600).as_deref(), Some("1:00PM"));
        assert_eq!(
            format("2006年01月02日".as_bytes(), t).as_deref(),
            Some("2024年01月01日")
        );
        assert_eq!(
            parse("2006年01月02日".as_bytes(), "2024年01月01日".as_bytes()),
            Some(t)
        );
        assert_eq!(
            parse(b"2006-01-02 15:04", b"2023-12-31 23:59"),
            Some(t - 60)
        );
        assert_eq!(
            parse(b"2006-01-02T15:04:05Z07:00", b"2024-01-01T02:00:00+02:00"),
            Some(t)
        );
        assert_eq!(parse(b"2006-01-02", b"2024-02-30"), None);
        assert_eq!(parse(b"2006-01-02", b"2024-01-01x"), None);
        assert_eq!(
            parse(b"Jan _2 15:04:05", b"Feb  3 04:05:06").map(|s| s > 0),
            Some(false)
        );
    }
}
