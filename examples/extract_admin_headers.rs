//! Sanity figure for extraction on clean text: how many document headers in a corpus file (one paragraph a
//! line, like `shared/corpora/admin.txt.xz`) yield a number, a date and an issuer.
//!
//! A document starts at a line whose first 200 characters hold the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
//! NAM" and a "Số" label; it runs to the next such line (`common::documents`). `.xz` files are read through the `xz`
//! program.
//!
//! ```text
//! cargo run --example extract_admin_headers -- ../shared/corpora/admin.txt.xz [--show N] (N filled-in headers missing a field; SHOW_ALL=1: any N)
//! ```

mod common;

fn main() -> anyhow::Result<()> {
    let (text, show) = common::file_and_show(
        "extract_admin_headers FILE[.xz] [--show N] (N filled-in headers missing a field; SHOW_ALL=1: any N)",
    )?;
    let lines: Vec<&str> = text.lines().collect();
    let (mut n, mut num, mut date, mut issuer, mut all3) = (0, 0, 0, 0, 0);
    let (mut ubnd, mut ubnd_all3) = (0, 0);
    let (mut filled, mut filled_all3) = (0, 0);
    let mut shown = 0;
    for range in common::documents(&lines) {
        let s = range.start;
        let doc = lines[range].join("\n");
        let m = vnocr::extract::extract(&doc);
        let d = &m.document;
        n += 1;
        let ok = (d.number.is_some(), d.date.is_some(), d.issuer.is_some());
        num += ok.0 as usize;
        date += ok.1 as usize;
        issuer += ok.2 as usize;
        let good = ok.0 && ok.1 && ok.2;
        all3 += good as usize;
        // A blank form ("Số: ……/QĐ-UBND …, ngày … tháng … năm …") has no digit right after "Số".
        let after_so: String =
            lines[s].find("Số").map(|i| lines[s][i + "Số".len()..].chars().take(12).collect()).unwrap_or_default();
        let is_filled = after_so.chars().any(|c| c.is_ascii_digit());
        if is_filled {
            filled += 1;
            filled_all3 += good as usize;
        }
        if lines[s].starts_with("ỦY BAN NHÂN DÂN") {
            ubnd += 1;
            ubnd_all3 += good as usize;
        }
        if shown < show && ((!good && is_filled) || std::env::var_os("SHOW_ALL").is_some()) {
            shown += 1;
            let head: String = lines[s].chars().take(220).collect();
            println!(
                "{head}\n  -> number {:?} date {:?} issuer {:?} parent {:?} place {:?} type {:?} refs {}\n",
                d.number,
                d.date,
                d.issuer,
                d.parent_issuer,
                d.place,
                d.r#type,
                m.references.len()
            );
        }
    }
    println!("headers {n}: number {num}, date {date}, issuer {issuer}, all three {all3}");
    println!("of them starting with \"ỦY BAN NHÂN DÂN\": {ubnd}, all three {ubnd_all3}");
    println!(
        "of them filled in (a digit right after \"Số\"; the rest are blank forms): {filled}, all three {filled_all3}"
    );
    Ok(())
}
