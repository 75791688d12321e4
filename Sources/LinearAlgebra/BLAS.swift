import CBLAS
import Synchronization

/// Thin, typed wrappers over the `cblas_*` routines PersonaBank uses.
///
/// This is the only place that imports `CBLAS`. The public entry points take arrays, matrices
/// and blocks of matrices (see `Matrix+Rows.swift`, `Matrix+Block.swift`, `ProductTile.swift`);
/// the pointer-level wrappers are internal, called only inside this module's
/// `withUnsafe…` closures, so no pointer leaves LinearAlgebra.
public enum BLAS {
    /// Whether an operand is used as stored or transposed.
    public enum Transpose: Sendable {
        case none, transposed
        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// `C = alpha * op(A) * op(B) + beta * C`, all row-major.
    ///
    /// - Parameters: `m`, `n`, `k` are the shapes of `op(A)` (m×k), `op(B)` (k×n), `C` (m×n);
    ///   `lda`, `ldb`, `ldc` the row strides of the stored matrices.
    /// - Complexity: O(m·n·k), multithreaded by OpenBLAS.
    static func sgemm(
        _ transposeA: Transpose, _ transposeB: Transpose,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transposeA.cblas, transposeB.cblas,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y = alpha * op(A) * x + beta * y` for a row-major `rows`×`columns` matrix A.
    static func sgemv(
        _ transposeA: Transpose, rows: Int, columns: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0,
        y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(CblasRowMajor, transposeA.cblas, Int32(rows), Int32(columns), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    /// Dot product of two equal-length vectors.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        cblas_sdot(Int32(count), x, 1, y, 1)
    }

    /// Dot product of two equal-length arrays.
    /// - Complexity: O(count).
    public static func dot(_ x: [Float], _ y: [Float]) -> Float {
        precondition(x.count == y.count, "dot of lengths \(x.count) and \(y.count)")
        guard !x.isEmpty else { return 0 }
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in dot(xp.baseAddress!, yp.baseAddress!, count: x.count) }
        }
    }

    /// Euclidean norm of an array (`snrm2`, which scales to avoid overflow); 0 when empty.
    /// - Complexity: O(count).
    public static func norm(_ x: [Float]) -> Float {
        guard !x.isEmpty else { return 0 }
        return x.withUnsafeBufferPointer { norm($0.baseAddress!, count: x.count) }
    }

    /// Euclidean norm of a vector.
    static func norm(_ x: UnsafePointer<Float>, count: Int) -> Float {
        cblas_snrm2(Int32(count), x, 1)
    }

    /// `x *= alpha` in place.
    static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by alpha: Float) {
        cblas_sscal(Int32(count), alpha, x, 1)
    }

    /// `y += alpha * x` in place.
    static func axpy(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int, alpha: Float = 1) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// `op(A) * op(B)` for two matrices, as a new matrix.
    /// - Complexity: O(m·n·k).
    public static func multiply(_ a: Matrix, _ transposeA: Transpose = .none,
                                _ b: Matrix, _ transposeB: Transpose = .none,
                                alpha: Float = 1) -> Matrix {
        let (m, k) = transposeA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kb, n) = transposeB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        precondition(k == kb, "inner dimensions \(k) and \(kb) differ")
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    sgemm(transposeA, transposeB, m: m, n: n, k: k, alpha: alpha,
                          a: ap.baseAddress!, lda: a.columns, b: bp.baseAddress!, ldb: b.columns,
                          c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// Number of threads OpenBLAS uses for the calls that follow.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// Number of threads OpenBLAS is configured to use.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with OpenBLAS single-threaded, for callers that run their own threads: OpenBLAS
    /// (pthreads) serialises concurrent multithreaded products behind one lock, so work split
    /// over our threads is faster with each product on the calling thread alone.
    ///
    /// The OpenBLAS setting is process-wide: sections may overlap (they are counted), the first
    /// one in sets one thread and the last one out restores the count it found. BLAS calls made
    /// elsewhere meanwhile stay correct and run single-threaded.
    public static func withSingleThreadedCalls<R>(_ body: () throws -> R) rethrows -> R {
        singleThreadedSections.withLock { state in
            if state.open == 0 {
                state.restore = openblas_get_num_threads()
                if state.restore != 1 { openblas_set_num_threads(1) }
            }
            state.open += 1
        }
        defer {
            singleThreadedSections.withLock { state in
                state.open -= 1
                if state.open == 0, state.restore != 1 { openblas_set_num_threads(state.restore) }
            }
        }
        return try body()
    }

    /// Open ``withSingleThreadedCalls(_:)`` sections and the thread count to restore after the last.
    private static let singleThreadedSections = Mutex<(open: Int, restore: Int32)>((0, 1))
}
