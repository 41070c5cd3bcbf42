//! The cost of validation: `serde_json::from_str` alone against `from_str` followed by
//! `validate()`, on the `onboarding` sample's `Application` (a rule of every kind, nested four
//! levels deep) over generated but realistic payloads. Run it with `cargo xtask bench-validate`
//! (a release build). Runs of the two alternate; it prints the median and the fastest run of
//! each, the median of the ratios of neighbouring runs (which drift on a busy machine does not
//! skew) and the ratio of the fastest runs. It is a measurement, not a test: nothing here fails
//! on a slow machine.
//!
//! A second section measures adversarial payloads, whose cost must grow no faster than their
//! size: `validate()` of the `unions` sample's `Label`, whose pattern has a lookbehind, on
//! strings of 26 to 208 characters that make a backtracking engine try every way to split
//! them (with `regress`, which ran such patterns before, on shorter ones for comparison), and
//! `serde_json::from_str` of its `Nested` union, two of whose variants are lists of itself, at
//! nesting depths 8 to 64, on a payload that reads and on one whose innermost value fits no
//! variant.
//!
//! Arguments: `[PAYLOADS] [RUNS]` (default 500 payloads, 101 runs).

use std::hint::black_box;
use std::time::{Duration, Instant};

use roundtrip::Validate;
use roundtrip::onboarding::Application;
use roundtrip::unions::{Label, Nested};
use serde_json::{Value, json};

/// A small deterministic generator (xorshift64*), so every run sees the same payloads.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
];
const LAST: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
];
const CITIES: &[&str] = &[
    "Springfield",
    "Shelbyville",
    "Ogdenville",
    "North Haverbrook",
];
const STREETS: &[&str] = &["Main St", "High St", "Evergreen Terrace", "Elm Street"];
const TAGS: &[&str] = &["vip", "early", "partner", "referral", "beta", "priority"];

/// One application as it would arrive: 1 to 3 addresses, 1 to 12 products, some optional
/// fields present and some not; every value valid, so validation runs every check.
fn payload(rng: &mut Rng) -> Value {
    let addresses: Vec<Value> = (0..1 + rng.below(3))
        .map(|n| {
            json!({
                "street": format!("{} {}", 1 + rng.below(999), rng.pick(STREETS)),
                "city": rng.pick(CITIES),
                "postalCode": if n % 2 == 0 {
                    format!("{:05}", rng.below(100_000))
                } else {
                    format!("{:05}-{:04}", rng.below(100_000), rng.below(10_000))
                },
                "country": "US",
            })
        })
        .collect();
    let products: Vec<Value> = (0..1 + rng.below(12))
        .map(|n| {
            let mut product = json!({
                "sku": format!("SKU-{:04}", rng.below(10_000)),
                "kind": if n % 3 == 0 { "digital" } else { "physical" },
                "quantity": 1 + rng.below(20),
                "unitPrice": (1 + rng.below(50_000)) as f64 / 100.0,
            });
            if n % 2 == 0 {
                product["discount"] = json!(rng.below(90) as f64 / 100.0);
                product["packSize"] = json!(5 * (1 + rng.below(4)));
                product["weight"] = json!(0.1 + rng.below(50) as f64 / 10.0);
                product["attributes"] = json!({"width": rng.below(100), "height": rng.below(100)});
            }
            product
        })
        .collect();
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let mut tags: Vec<&str> = TAGS.to_vec();
    tags.truncate(rng.below(4) as usize);
    let mut application = json!({
        "id": format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            rng.next() as u32,
            rng.below(1 << 16),
            rng.below(1 << 12),
            rng.below(1 << 12),
            rng.next() & 0xffff_ffff_ffff
        ),
        "reference": format!("AB-{}", rng.below(1_000_000)),
        "individual": {
            "firstName": first,
            "lastName": last,
            "email": format!("{}.{}@example.com", first.to_lowercase(), last.to_lowercase()),
            "phone": format!("+1415555{:04}", rng.below(10_000)),
            "dob": format!("19{:02}-{:02}-{:02}", 40 + rng.below(60), 1 + rng.below(12), 1 + rng.below(28)),
            "age": 18 + rng.below(80),
            "addresses": addresses,
        },
        "products": products,
        "tags": tags,
        "submittedAt": format!("2024-{:02}-{:02}T{:02}:30:00Z", 1 + rng.below(12), 1 + rng.below(28), rng.below(24)),
        "channel": "web",
        "consent": true,
    });
    if rng.below(2) == 0 {
        application["metadata"] = json!({"source": "partner", "campaign": "spring"});
        application["callbackUrl"] = json!("https://example.com/hooks/applications");
        application["root"] =
            json!({"name": "Books", "children": [{"name": "Fiction"}, {"name": "Science"}]});
    }
    application
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n_payloads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    let n_runs: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(101)
        .max(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let payloads: Vec<String> = (0..n_payloads)
        .map(|_| payload(&mut rng).to_string())
        .collect();
    let bytes: usize = payloads.iter().map(String::len).sum();
    // Every payload must be valid, or the comparison would measure error reporting.
    for text in &payloads {
        let application: Application = serde_json::from_str(text).expect("payload deserializes");
        if let Err(errors) = application.validate() {
            panic!("invalid payload: {errors}\n{text}");
        }
    }
    let deserialize = || {
        for text in &payloads {
            let application: Application = serde_json::from_str(black_box(text)).unwrap();
            black_box(application);
        }
    };
    let deserialize_and_validate = || {
        for text in &payloads {
            let application: Application = serde_json::from_str(black_box(text)).unwrap();
            black_box(application.validate()).unwrap();
        }
    };
    // Warm up (patterns compile on first use), then alternate, so drift hits both alike.
    deserialize();
    deserialize_and_validate();
    let mut plain = Vec::with_capacity(n_runs);
    let mut checked = Vec::with_capacity(n_runs);
    let mut ratios = Vec::with_capacity(n_runs);
    for _ in 0..n_runs {
        let started = Instant::now();
        deserialize();
        let a = started.elapsed();
        let started = Instant::now();
        deserialize_and_validate();
        let b = started.elapsed();
        plain.push(a);
        checked.push(b);
        ratios.push(b.as_secs_f64() / a.as_secs_f64());
    }
    let fastest = |runs: &[Duration]| runs.iter().min().copied().unwrap_or_default();
    let (plain_min, checked_min) = (fastest(&plain), fastest(&checked));
    let (plain, checked) = (median(plain), median(checked));
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n_payloads as f64;
    println!(
        "{n_payloads} `Application` payloads of {:.1} KiB on average; {n_runs} runs of each, alternating:",
        bytes as f64 / n_payloads as f64 / 1024.0
    );
    println!("                          median per payload   fastest per payload");
    println!(
        "  deserialize             {:>10.2} µs        {:>10.2} µs",
        per(plain),
        per(plain_min)
    );
    println!(
        "  deserialize + validate  {:>10.2} µs        {:>10.2} µs",
        per(checked),
        per(checked_min)
    );
    println!(
        "  ratio                   {ratio:>10.3}x        {:>10.3}x    (target: under 1.3x)",
        checked_min.as_secs_f64() / plain_min.as_secs_f64()
    );
    adversarial();
}

/// The median time of `runs` calls of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn adversarial() {
    const PATTERN: &str = "^(\\w+\\s?)*(?<=\\w)$";
    println!();
    println!("adversarial payloads (median of 11 runs):");
    println!("  `Label::validate()`, pattern {PATTERN}, on \"aaa…a!\":");
    for chars in [26, 52, 104, 208] {
        let label = Label {
            words: format!("{}!", "a".repeat(chars - 1)),
        };
        let took = time(11, || {
            black_box(black_box(&label).validate()).unwrap_err();
        });
        println!(
            "    {chars:>4} chars  {:>10.2} ms",
            took.as_secs_f64() * 1e3
        );
    }
    let regress = regress::Regex::with_flags(PATTERN, "u").expect("the pattern compiles");
    for chars in [12, 16, 20] {
        let text = format!("{}!", "a".repeat(chars - 1));
        let took = time(3, || {
            black_box(regress.find(black_box(&text)));
        });
        println!(
            "    {chars:>4} chars  {:>10.2} ms   with regress, unbounded",
            took.as_secs_f64() * 1e3
        );
    }
    println!("  `Nested` (lists of itself or a string) read with `serde_json::from_str`:");
    for depth in [8, 16, 32, 64] {
        let good = format!("{}\"leaf\"{}", "[".repeat(depth), "]".repeat(depth));
        let bad = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let reads = time(11, || {
            black_box(serde_json::from_str::<Nested>(black_box(&good))).unwrap();
        });
        let fails = time(11, || {
            black_box(serde_json::from_str::<Nested>(black_box(&bad))).unwrap_err();
        });
        println!(
            "    depth {depth:>3} ({:>3} bytes)  reads {:>8.2} µs   fits no variant {:>8.2} µs",
            bad.len(),
            reads.as_secs_f64() * 1e6,
            fails.as_secs_f64() * 1e6
        );
    }
}
