import Foundation
import TestSupport

/// The repository's debug-built executables; tests that need one skip visibly when it is absent.
enum Binaries {
    /// `<repo>/.build/debug/<name>` (or `$PERSONABANK_BIN_DIR/<name>`), when it exists and is
    /// the real tool (its `--help` mentions `marker`).
    static func find(_ name: String, helpArguments: [String] = ["--help"], marker: String) -> URL? {
        let directory = ProcessInfo.processInfo.environment["PERSONABANK_BIN_DIR"].map { URL(fileURLWithPath: $0) }
            ?? SharedData.repositoryRoot.appendingPathComponent(".build/debug")
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path),
              let help = try? ChildProcess.run(url, helpArguments, timeout: .seconds(20)),
              (help.stdout + help.stderr).contains(marker) else { return nil }
        return url
    }

    /// The message of a test skipped for want of a binary.
    static func skipMessage(_ name: String) -> String {
        "skipped: .build/debug/\(name) is absent or not yet the real tool (run swift build first)"
    }

    static let generate = find("spb-generate", marker: "--resume")
    static let analyze = find("spb-analyze", helpArguments: ["thresholds", "--help"], marker: "--pairs")
    static let analyzeAudit = find("spb-analyze", helpArguments: ["audit", "--help"], marker: "--skip-invalid")
}
