import Charts

extension SteeringReport {
    /// The section's summary lines for `summary.md`.
    var markdownLines: [String] {
        var lines = ["- Settings: \(settings)",
                     "- Rejected by steering: " + (rejected.isEmpty ? "none" : rejected.sorted { $0.key < $1.key }.map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", ")),
                     "- Accepted with steering's rejection waived (budget spent): \(Format.count(waived))",
                     "- Phrase templates banned: \(Format.count(bans.count))" + (bans.isEmpty ? "" : " (first: \(bans.prefix(3).map { "\($0.template) at attempt \($0.attempt)" }.joined(separator: "; ")))")]
        let unnamed = bans.filter { $0.unnamedAt != nil }
        if !unnamed.isEmpty {
            lines.append("- No longer named in the avoid list because the model copied them: "
                + unnamed.map { "\($0.template) (used by \($0.copiedBy) of \($0.namedTo) candidates it was named to)" }.joined(separator: "; "))
        }
        if let selection {
            lines.append("- Withdrawn by selection at the end: \(Format.count(selection.forPhrases)) for a phrase template above the cap, "
                + "\(Format.count(selection.forDiversity)) for the diversity of the rest")
        }
        if let last = curve.last {
            lines.append("- Vendi (q = 1) of the accepted personas: \(Format.decimal(last.vendi, 2))"
                + (last.vendiWithRejects.map { "; with steering's rejections added back: \(Format.decimal($0, 2))" } ?? ""))
        }
        return lines
    }
}

extension AuditResult {
    /// The HTML section of a steered run.
    func steeringSection(_ steering: SteeringReport) -> HTMLReport.Section {
        var blocks: [HTMLReport.Block] = [.prose(
            "This run steered its own generation (\(steering.settings)). Phrase steering bans a phrase template once enough accepted personas use it: "
                + "the prompt then names it, and a candidate using it is rejected (overused-phrase); a template candidates copy from the list "
                + "is no longer named (the copy guard). Crowding steering rejects a candidate whose "
                + "log-determinant gain ln(1 − sᵀK⁻¹s) against its nearest held personas is among the lowest of the recent candidates' gains (the cut, logged with each gain; crowded). Both only ever reject what the "
                + "semantic gate would have let in. Rejected by steering: "
                + (steering.rejected.isEmpty ? "none." : steering.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", ") + ".")
                + " Steering's rejections spend a budget per accepted persona; once it is spent, a candidate it would reject is accepted instead: "
                + "\(Format.count(steering.waived)) were."
                + (steering.selection.map {
                    " Selection gathered more personas than the target and withdrew the surplus at the end (not-selected, the personas kept in rejected.jsonl): "
                        + "\(Format.count($0.forPhrases)) because a phrase template they use was above the cap, then \(Format.count($0.forDiversity)) "
                        + "whose removal raised the Vendi score most. The curve's second line adds them back."
                } ?? ""))]
        let points = steering.curve
        if points.count > 1 {
            var series = [SVGChart.Series(name: "accepted", x: points.map { Double($0.attempt) }, y: points.map(\.vendi), showsDots: true)]
            if points.contains(where: { $0.vendiWithRejects != nil }) {
                series.append(SVGChart.Series(name: "accepted + steering's rejections", x: points.map { Double($0.attempt) },
                                              y: points.map { $0.vendiWithRejects ?? .nan }, showsDots: true))
            }
            blocks.append(.svg(SVGChart.line(series: series, title: "Diversity over the run, with and without steering's rejections",
                                             xLabel: "attempt", yLabel: "Vendi score (q = 1)")))
            blocks.append(.table(HTMLReport.Table(
                headers: ["up to attempt", "accepted", "Vendi", "with rejections", "Vendi with rejections"],
                rows: points.map { [String($0.attempt), Format.count($0.accepted), Format.decimal($0.vendi, 2), Format.count($0.withRejects),
                                    $0.vendiWithRejects.map { Format.decimal($0, 2) } ?? "—"] })))
        }
        if !steering.bans.isEmpty {
            blocks.append(.table(HTMLReport.Table(
                headers: ["attempt", "banned template", "candidates it was named to", "of those, used it", "no longer named after"],
                rows: steering.bans.map { [String($0.attempt), $0.template, Format.count($0.namedTo), Format.count($0.copiedBy),
                                           $0.unnamedAt.map { "attempt \($0) (copied)" } ?? "—"] },
                caption: "Phrase templates banned, in order, and how the model answered the avoid list naming them")))
        }
        if !steering.overusedTemplates.isEmpty {
            blocks.append(.table(HTMLReport.Table(headers: ["template", "candidates rejected", "share of overused-phrase rejections"],
                                                  rows: steering.overusedTemplates.map { [$0.phrase, Format.count($0.documents), Format.percent($0.share)] },
                                                  caption: "Banned templates the model still wrote")))
        }
        if !steering.crowded.isEmpty {
            blocks.append(.table(HTMLReport.Table(headers: ["attempt", "gain", "candidate"],
                                                  rows: steering.crowded.map { [String($0.attempt), $0.gain.map { Format.decimal($0, 3) } ?? "—", $0.text] },
                                                  caption: "Crowded rejections with the lowest gains")))
        }
        return HTMLReport.Section(heading: "Steering", blocks: blocks)
    }
}
