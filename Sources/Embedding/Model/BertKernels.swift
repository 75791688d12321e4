import LinearAlgebra

/// The element-wise steps of the BERT forward pass, in place on the pass's matrices.
///
/// The loops run on the matrices' storage through pointers lent by `withUnsafeMutableBufferPointer`
/// for one call, and keep none. They avoid calls into libm (`erff`, `expf`) so the optimiser can
/// vectorise them; the polynomial approximations are accurate to a few float ulps.
enum BertKernels {
    /// `x = LayerNorm(x + residual) * scale + shift` for every row of `x`.
    ///
    /// - Precondition: `residual`, when given, has the shape of `x`; `norm` has `x.columns` values.
    /// - Complexity: O(rows · columns).
    static func addAndNormalize(_ x: inout Matrix, adding residual: Matrix?, _ norm: BertWeights.LayerNorm, epsilon: Float) {
        let count = x.columns
        precondition(residual.map { $0.rows == x.rows && $0.columns == count } ?? true, "residual of another shape")
        precondition(norm.scale.count == count && norm.shift.count == count, "LayerNorm of width \(norm.scale.count) for rows of \(count)")
        guard x.rows > 0, count > 0 else { return }
        x.withMutableStorage { storage in
            storage.withUnsafeMutableBufferPointer { buffer in
                /// Adds the residual rows at `added` (when given), then centres each row.
                func centreRows(adding added: UnsafePointer<Float>?) {
                    for start in stride(from: 0, to: buffer.count, by: count) {
                        let row = buffer.baseAddress! + start
                        if let added {
                            for j in 0 ..< count { row[j] += added[start + j] }
                        }
                        let mean = sum(row, count: count) / Float(count)
                        for j in 0 ..< count { row[j] -= mean }
                    }
                }
                if let residual {
                    residual.storage.withUnsafeBufferPointer { centreRows(adding: $0.baseAddress) }
                } else {
                    centreRows(adding: nil)
                }
            }
        }
        // The variance through `sdot`, as LinearAlgebra computes a row's squared norm.
        let squares = x.squaredRowNorms()
        x.withMutableStorage { storage in
            storage.withUnsafeMutableBufferPointer { buffer in
                norm.scale.withUnsafeBufferPointer { scale in
                    norm.shift.withUnsafeBufferPointer { shift in
                        for (index, start) in stride(from: 0, to: buffer.count, by: count).enumerated() {
                            let row = buffer.baseAddress! + start
                            let inverse = 1 / (squares[index] / Float(count) + epsilon).squareRoot()
                            for j in 0 ..< count { row[j] = row[j] * inverse * scale[j] + shift[j] }
                        }
                    }
                }
            }
        }
    }

    /// `x = GELU(x)` element-wise, in the exact erf form `x · ½ · (1 + erf(x/√2))`.
    /// - Complexity: O(rows · columns).
    static func gelu(_ x: inout Matrix) {
        x.withMutableStorage { storage in
            storage.withUnsafeMutableBufferPointer { buffer in
                guard let values = buffer.baseAddress else { return }
                for j in 0 ..< buffer.count {
                    let v = values[j]
                    values[j] = 0.5 * v * (1 + erf(v * 0.70710678118654752))
                }
            }
        }
    }

    /// Numerically stable softmax of each row of `x`, in place.
    /// - Complexity: O(rows · columns).
    static func softmaxRows(_ x: inout Matrix) {
        let columns = x.columns
        guard x.rows > 0, columns > 0 else { return }
        x.withMutableStorage { storage in
            storage.withUnsafeMutableBufferPointer { buffer in
                for start in stride(from: 0, to: buffer.count, by: columns) {
                    let row = buffer.baseAddress! + start
                    var largest = -Float.infinity
                    for j in 0 ..< columns where row[j] > largest { largest = row[j] }
                    for j in 0 ..< columns { row[j] = exp(row[j] - largest) }
                    let inverse = 1 / sum(row, count: columns)
                    for j in 0 ..< columns { row[j] *= inverse }
                }
            }
        }
    }

    /// Sum of `count` values, with four independent accumulators.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var (a, b, c, d): (Float, Float, Float, Float) = (0, 0, 0, 0)
        var j = 0
        while j + 4 <= count {
            a += x[j]; b += x[j + 1]; c += x[j + 2]; d += x[j + 3]
            j += 4
        }
        while j < count { a += x[j]; j += 1 }
        return (a + b) + (c + d)
    }

    /// erf(x) as a rational function of x, clamped to ±4 where float erf is ±1 (maximum absolute
    /// error about 4e-7; the approximation Eigen and XLA use for float).
    @inline(__always)
    static func erf(_ value: Float) -> Float {
        let x: Float = value < -4 ? -4 : (value > 4 ? 4 : value)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }

    /// eˣ for x ≤ 0 (softmax arguments), by 2ⁿ · e^r with |r| ≤ ln2/2 and a degree-6 polynomial
    /// (Cephes `expf`, relative error about 1e-7); arguments below −87 give about 1e-38.
    @inline(__always)
    static func exp(_ value: Float) -> Float {
        let x: Float = value < -87 ? -87 : value
        // Round to nearest by adding and subtracting 1.5 · 2²³ (no libm call, vectorisable).
        let n = (x * 1.44269504088896341 + 12_582_912) - 12_582_912
        let r = x - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * r * r + r + 1
        return er * Float(bitPattern: UInt32(truncatingIfNeeded: Int32(n) + 127) << 23)
    }
}
