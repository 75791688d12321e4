import Foundation

/// The pinned Python of Benchmarks/python/parquet (created by its venv.sh; `make test` runs it), for the
/// suites that read our Parquet files back with pyarrow, pandas and datasets (ParquetTests, PublishingTests).
public enum PythonReferences {
    /// The message a skipped suite shows.
    public static let skipMessage = "skipped: Benchmarks/python/parquet/.venv is absent; run `bash Benchmarks/python/parquet/venv.sh` (make test does) "
        + "to read our Parquet files back with the pinned pyarrow, pandas and datasets"

    /// `Benchmarks/python/parquet/.venv/bin/python`, when it exists (otherwise the skip message is printed once).
    public static let python: URL? = {
        let url = SharedData.repositoryRoot.appendingPathComponent("Benchmarks/python/parquet/.venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            print(skipMessage)
            return nil
        }
        return url
    }()

    /// Runs `python` with `arguments` to completion (output to files, never a pipe that could fill), killing it after 10 minutes.
    public static func run(_ python: URL, _ arguments: [String]) throws -> (code: Int32, stderr: String) {
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("read_back-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        defer { try? errorHandle.close() }
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if exited.wait(timeout: .now() + 600) == .timedOut {
            process.terminate()
            exited.wait()
        }
        let stderr = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, stderr)
    }
}
