"""The PyTorch + PEFT peer of `npm run bench:train` (training-node/bench/train.ts): LoRA SFT on a Llama/Qwen2-shaped
decoder with random weights and random tokens, the same shapes and the same step (forward, masked next-token loss,
backward, clip to 1.0, AdamW), timed the same way (mean step time after the first, tokens = B x T per step).

Usage: python bench/peft_peer.py [--llama bench|0.5b] [--batch 2] [--seq 128] [--steps 4] [--dtype float32,bfloat16]
Prints one JSON line per dtype. Runs on CUDA when available, else on the CPU (torch threads = CPU cores).
A benchmark peer, not part of the product (which stays TypeScript)."""
import argparse
import json
import time

import torch
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

PRESETS = {
    "bench": dict(family="llama", vocab_size=4096, hidden_size=256, intermediate_size=704, num_hidden_layers=4,
                  num_attention_heads=8, num_key_value_heads=4, head_dim=32, rope_theta=10000.0, rms_norm_eps=1e-5,
                  tie_word_embeddings=True, attention_bias=False),
    "0.5b": dict(family="qwen2", vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                 num_attention_heads=14, num_key_value_heads=2, rope_theta=1000000.0, rms_norm_eps=1e-6,
                 tie_word_embeddings=True),
}


def build(name: str, seq: int, dtype: torch.dtype, device: str):
    p = dict(PRESETS[name])
    family = p.pop("family")
    if family == "llama":
        cfg = LlamaConfig(max_position_embeddings=max(seq, 128), **p)
        model = LlamaForCausalLM(cfg)
    else:
        cfg = Qwen2Config(max_position_embeddings=max(seq, 1024), **p)
        model = Qwen2ForCausalLM(cfg)
    model = model.to(device=device, dtype=dtype)
    lora = LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"])
    return get_peft_model(model, lora)


def run(args, dtype_name: str, device: str) -> dict:
    dtype = getattr(torch, dtype_name)
    torch.manual_seed(1)
    model = build(args.llama, args.seq, dtype, device)
    model.train()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4, weight_decay=0.0)
    vocab = PRESETS[args.llama]["vocab_size"]
    times = []
    for _ in range(args.steps):
        ids = torch.randint(0, vocab, (args.batch, args.seq), device=device)
        labels = ids.clone()
        labels[:, : args.seq // 4] = -100  # the prompt part is not trained on, as in the bench
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        out = model(input_ids=ids, labels=labels)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    timed = times[1:] if len(times) > 1 else times
    mean = sum(timed) / len(timed)
    peak = torch.cuda.max_memory_allocated() / 2**20 if device == "cuda" else None
    return {"peer": "pytorch+peft", "llama": args.llama, "dtype": dtype_name, "device": torch.cuda.get_device_name() if device == "cuda" else f"cpu ({torch.get_num_threads()} threads)",
            "batch": args.batch, "seq": args.seq, "steps": len(times), "stepMs": [round(t * 1000, 1) for t in times],
            "tokensPerSecond": round(args.batch * args.seq / mean), "peakGpuMiB": round(peak) if peak else None,
            "torch": torch.__version__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--llama", default="bench", choices=sorted(PRESETS))
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--dtype", default="float32")
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    for d in args.dtype.split(","):
        print(json.dumps(run(args, d, device)), flush=True)


if __name__ == "__main__":
    main()
