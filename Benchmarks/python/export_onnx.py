#!/usr/bin/env python3
"""Exports all-MiniLM-L6-v2 to ONNX from the repository's own weights, plus ONNX Runtime's dynamic int8.

Reads models/all-MiniLM-L6-v2 (the folder `bash scripts/setup.sh` fills) with transformers'
BertModel and writes two files into --out (default Benchmarks/data/onnx/, git-ignored):

  * minilm-fp32.onnx: `torch.onnx.export` of the BERT body (input_ids, attention_mask,
    token_type_ids -> last_hidden_state, dynamic batch and length); mean pooling and L2
    normalisation stay outside the graph, in encoder_bench.py, as in sentence-transformers;
  * minilm-int8.onnx: `onnxruntime.quantization.quantize_dynamic` of it with its defaults
    (int8 weights per tensor, activations quantised per tensor at run time), the "ONNX Runtime
    dynamic int8" configuration the encoder's int8 path is compared with.

Versions are pinned in requirements.txt beside this file (torch, onnx, onnxscript, onnxruntime).
Run through Benchmarks/encoder.sh, or: python Benchmarks/python/export_onnx.py
"""
import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=pathlib.Path, default=ROOT / "models/all-MiniLM-L6-v2")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "Benchmarks/data/onnx")
    args = parser.parse_args()

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertModel

    args.out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = args.out / "minilm-fp32.onnx", args.out / "minilm-int8.onnx"
    # Eager attention: the SDPA path drops an all-ones mask in Python, which the export would bake in.
    model = BertModel.from_pretrained(str(args.model), add_pooling_layer=False, attn_implementation="eager").eval()

    class Body(torch.nn.Module):
        """The BERT body returning only the last hidden state (a plain tensor output)."""

        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    example = torch.ones(2, 16, dtype=torch.int64)
    mask = example.clone()
    mask[1, 9:] = 0  # a padded row, so that the traced graph keeps the masking
    batch, length = torch.export.Dim("batch"), torch.export.Dim("length", max=512)
    shapes = {"input_ids": {0: batch, 1: length}, "attention_mask": {0: batch, 1: length},
              "token_type_ids": {0: batch, 1: length}}
    with torch.no_grad():
        torch.onnx.export(Body(model), (example, mask, torch.zeros_like(example)), str(fp32),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], dynamic_shapes=shapes, dynamo=True,
                          external_data=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    print(f"wrote {fp32.relative_to(ROOT)} and {int8.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
