//! Fuzzes an annual annex: the base convention, arbitrary bytes as `annexes/2025.toml`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    common::check_and_render(common::BASE, &[("2025.toml", &text)]);
});
