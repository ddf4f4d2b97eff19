use std::time::Instant;
#[test]
fn timing() {
    for _ in 0..3 {
        let t = Instant::now();
        let ws = convgen::load::load(&[std::path::PathBuf::from(
            "examples/crpc-centre-val-de-loire-2025",
        )])
        .unwrap();
        let t1 = t.elapsed();
        let r = convgen::check::check(&ws);
        let t2 = t.elapsed();
        let tpl = convgen::render::templates::Templates::load(None, true).unwrap();
        let t3 = t.elapsed();
        let v = convgen::render::view_of(&ws, &ws.units[0]).unwrap();
        let t4 = t.elapsed();
        let j = serde_json::to_string(&v).unwrap();
        let t5 = t.elapsed();
        let md = convgen::render::markdown::render(tpl.markdown.as_ref().unwrap(), &v).unwrap();
        let t6 = t.elapsed();
        println!(
            "load {:?} check {:?} templates {:?} view {:?} json {:?} ({} B) md {:?} ({}) diags {}",
            t1,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            t5 - t4,
            j.len(),
            t6 - t5,
            md.len(),
            r.diagnostics.len()
        );
    }
}
