import CommandLineSupport
import Foundation
import LinearAlgebra
import PersonaKit
import Synchronization
import Testing
@testable import Analysis

/// `spb-analyze audit` in-process: the library type the executable only hands its models to.
@Suite("spb-analyze audit: the command line")
struct AuditCommandLineTests {
    /// A run of `audit` with a small encoder and captured output.
    static func audit(_ arguments: [String], storedEmbeddings: Matrix? = nil) async -> (status: Int32, output: String, errors: String) {
        let output = Mutex(""), errors = Mutex("")
        let models = AuditCommandLine.Models(
            encoder: { BagOfWordsEncoder() }, readability: { nil },
            storedEmbeddings: { url, _, _ in
                guard let storedEmbeddings else { throw InputError(file: url.path, line: nil, field: nil, message: "no such file") }
                return (storedEmbeddings, "test rows")
            })
        let status = await AuditCommandLine.run(arguments, models: models, output: { text in output.withLock { $0 += text } },
                                                errorOutput: { text in errors.withLock { $0 += text } },
                                                progress: ProgressStream(isInteractive: false, write: { _ in }))
        return (status, output.withLock { $0 }, errors.withLock { $0 })
    }

    @Test("--help shows every option with its default and exits 0")
    func help() async {
        let run = await Self.audit(["--help"])
        #expect(run.status == 0 && run.output == AuditCommandLine.help)
        for option in AuditCommandLine.options {
            let shown = option.defaultValue.map { "(default: \($0))" } ?? option.describedDefault.map { "(default: \($0))" }
                ?? (option.isSwitch ? "(default: off)" : "(no default)")
            #expect(run.output.contains(option.name) && run.output.contains(shown), "\(option.name)")
        }
        #expect(run.output.contains("(default: \(String(format: "%.2f", AuditOptions.defaultThreshold)))"))
    }

    @Test("a dataset is audited into --out; stored embeddings replace the encoder", arguments: [false, true])
    func audits(stored: Bool) async throws {
        let personas = templatedPersonas(perTemplate: 6, seed: 3).personas
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("personas.jsonl")
        try personas.map { $0.jsonLine() }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("report")
        let rows = stored ? try await BagOfWordsEncoder().encode(personas.map { PersonaTextTemplate.default.render($0) }) : nil
        let run = await Self.audit([input.path, "--out", out.path, "--clusters", "3", "--seed=7"] + (stored ? ["--embeddings", "rows.npy"] : []),
                                   storedEmbeddings: rows)
        #expect(run.status == 0, "\(run.errors)")
        for name in ["report.html", "report.json", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        if stored {
            let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
            #expect(report.contains("test rows"), "the report names where the stored rows came from")
        }
    }

    @Test("usage errors exit 64 before anything is read; a missing input exits 65", arguments: [
        (["x.jsonl", "--threshold", "1.5"], 64), (["x.jsonl", "--clusters", "0"], 64), (["x.jsonl", "--seed", "-2"], 64),
        (["x.jsonl", "--max-unreadable=2"], 64), (["x.jsonl", "--text-field", "a", "--column", "b"], 64), (["--bogus"], 64), ([], 64),
        (["/nonexistent/x.jsonl"], 65),
    ] as [([String], Int32)])
    func errors(arguments: [String], status: Int32) async {
        let run = await Self.audit(arguments)
        #expect(run.status == status, "\(arguments): \(run.errors)")
        #expect(run.errors.hasPrefix("error: "), "\(run.errors)")
    }
}
