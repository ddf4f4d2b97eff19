//! The `typ` backend: a standalone Typst source (`<id>.typ`, `<id>.json`, the template module
//! and the logos) that `typst compile --root <folder> <id>.typ` turns into the PDF.

use super::typst::{TEMPLATE_MODULE, entry_source};
use super::{Backend, RenderError, Settings, Stage, json_of};
use crate::view::DocView;

pub struct TypSource;

impl Backend for TypSource {
    fn render(
        &self,
        view: &DocView,
        settings: &Settings<'_>,
        stage: &mut Stage,
    ) -> Result<(), RenderError> {
        let data = format!("{}.json", view.id);
        stage.write(TEMPLATE_MODULE, settings.templates.typst.as_bytes())?;
        stage.write(
            &data,
            // No signature-field links: the standalone source is compiled without convgen.
            json_of(view, super::embeds_pdf(settings.pdf_standard), false).as_bytes(),
        )?;
        super::pdf::check_assets_total(view, stage)?;
        for asset in &view.assets {
            let bytes = super::pdf::read_asset(&asset.source)
                .map_err(|e| stage.io_error(&asset.name, e))?;
            stage.write(&asset.name, &bytes)?;
        }
        let entry = entry_source(TEMPLATE_MODULE, &data);
        stage.write(&format!("{}.typ", view.id), entry.as_bytes())
    }
}
