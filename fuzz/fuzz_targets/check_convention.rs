//! Fuzzes `convention.toml`: arbitrary bytes as the convention, the base annexes beside it.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    common::check_and_render(&text, &[("2025.toml", common::BASE_ANNEX)]);
});
