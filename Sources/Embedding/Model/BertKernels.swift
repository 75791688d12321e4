import Foundation

/// The element-wise steps of the BERT forward pass, on raw rows owned by the caller.
///
/// Everything here works on pointers handed in for the duration of one call and keeps none.
enum BertKernels {
    /// `x = LayerNorm(x + residual) * scale + shift` for one row of `count` values.
    @inline(__always)
    static func addAndNormalize(
        _ x: UnsafeMutablePointer<Float>, adding residual: UnsafePointer<Float>?, count: Int,
        scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, epsilon: Float
    ) {
        if let residual {
            for j in 0 ..< count { x[j] += residual[j] }
        }
        var sum: Float = 0
        for j in 0 ..< count { sum += x[j] }
        let mean = sum / Float(count)
        var squares: Float = 0
        for j in 0 ..< count {
            let d = x[j] - mean
            squares += d * d
        }
        let inverse = 1 / (squares / Float(count) + epsilon).squareRoot()
        for j in 0 ..< count { x[j] = (x[j] - mean) * inverse * scale[j] + shift[j] }
    }

    /// `x = GELU(x)` with the exact erf form, `x · ½ · (1 + erf(x/√2))`.
    @inline(__always)
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for j in 0 ..< count {
            let v = x[j]
            x[j] = 0.5 * v * (1 + erf(v * 0.70710678118654752))
        }
    }

    /// Numerically stable softmax of each of `rows` rows of `columns` values, in place.
    @inline(__always)
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0 ..< rows {
            let row = x + r * columns
            var largest = -Float.infinity
            for j in 0 ..< columns { largest = max(largest, row[j]) }
            var sum: Float = 0
            for j in 0 ..< columns {
                let e = exp(row[j] - largest)
                row[j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0 ..< columns { row[j] *= inverse }
        }
    }

    /// Copies `bias` into each of `rows` rows of `c` (row stride `count`), ready for `sgemm` with β = 1.
    @inline(__always)
    static func broadcast(_ bias: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, rows: Int, count: Int) {
        for r in 0 ..< rows { (c + r * count).update(from: bias, count: count) }
    }
}
