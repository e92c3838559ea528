"""Labelled pairs of questions for the near-duplicate check's precision and
recall (`make bench-duplicates`, tests/bench/duplicate_scores.py).

Three kinds, written by hand in the seed article's style:
- DUPLICATE: the same question written again (punctuation, a particle, a
  word order, a copied prompt) — the check must flag it;
- PARAPHRASE: the same question in other words — it should flag it;
- DIFFERENT: the same topic but another question (什么是大模型？ /
  什么是大模型幻觉？) — flagging it is a false alarm that teaches editors to
  ignore the check.

Each side is (title, prompt); an empty prompt is not compared, as in
`near_duplicates()`.
"""

DUPLICATE = "duplicate"
PARAPHRASE = "paraphrase"
DIFFERENT = "different"

POSITIVE_KINDS = {DUPLICATE, PARAPHRASE}

PAIRS = [
    # --- the same question again
    (DUPLICATE, ("什么是大模型的幻觉？", ""), ("什么是大模型幻觉？", "")),
    (DUPLICATE, ("什么是注意力机制？", ""), ("什么是注意力机制", "")),
    (DUPLICATE, ("Transformer 的自注意力如何计算？", ""), ("Transformer的自注意力是如何计算的？", "")),
    (DUPLICATE, ("为什么要对注意力分数做缩放？", ""), ("为什么要对注意力分数进行缩放？", "")),
    (DUPLICATE, ("LoRA 微调的原理是什么？", ""), ("LoRA微调的原理是什么", "")),
    (DUPLICATE, ("如何评估大模型的输出质量？", ""), ("如何评估大模型输出的质量？", "")),
    (
        DUPLICATE,
        ("什么是 RAG？", "请解释检索增强生成（RAG）的基本流程以及它解决了什么问题。"),
        ("RAG 是什么？", "请解释检索增强生成（RAG）的基本流程以及它解决了什么问题。"),
    ),
    (DUPLICATE, ("What is gradient clipping?", ""), ("What is gradient clipping", "")),
    (
        DUPLICATE,
        ("Explain beam search", "Explain how beam search decodes a sequence and what the beam width trades."),
        (
            "Beam search, explained",
            "Explain how beam search decodes a sequence and what the beam width trades off.",
        ),
    ),
    (DUPLICATE, ("大模型训练中的混合精度是什么？", ""), ("大模型训练中的混合精度是什么意思？", "")),
    (DUPLICATE, ("KV Cache 的作用是什么？", ""), ("KV Cache 有什么作用？", "")),
    (DUPLICATE, ("如何缓解大模型的幻觉问题？", ""), ("如何缓解大模型幻觉问题？", "")),
    # --- the same question in other words
    (PARAPHRASE, ("大模型为什么会产生幻觉？", ""), ("大模型产生幻觉的原因是什么？", "")),
    (
        PARAPHRASE,
        ("什么是知识蒸馏？", "请说明知识蒸馏中教师模型和学生模型的作用。"),
        ("知识蒸馏是什么？", "知识蒸馏里教师模型和学生模型分别起什么作用？"),
    ),
    (PARAPHRASE, ("How does dropout prevent overfitting?", ""), ("Why does dropout reduce overfitting?", "")),
    (PARAPHRASE, ("位置编码的作用是什么？", ""), ("Transformer 为什么需要位置编码？", "")),
    (PARAPHRASE, ("如何降低大模型推理的显存占用？", ""), ("怎样减少大模型推理时的显存占用？", "")),
    (
        PARAPHRASE,
        ("What does the temperature parameter do in sampling?", ""),
        ("How does temperature change sampling?", ""),
    ),
    # --- the same topic, another question
    (DIFFERENT, ("什么是大模型？", ""), ("什么是大模型幻觉？", "")),
    (DIFFERENT, ("什么是大模型？", ""), ("什么是大模型的涌现能力？", "")),
    (DIFFERENT, ("什么是注意力机制？", ""), ("什么是多头注意力机制？", "")),
    (DIFFERENT, ("什么是注意力机制？", ""), ("什么是稀疏注意力？", "")),
    (DIFFERENT, ("LoRA 微调的原理是什么？", ""), ("QLoRA 和 LoRA 有什么区别？", "")),
    (DIFFERENT, ("如何评估大模型的输出质量？", ""), ("如何评估大模型的推理速度？", "")),
    (
        DIFFERENT,
        ("什么是 RAG？", "请解释检索增强生成（RAG）的基本流程以及它解决了什么问题。"),
        ("RAG 的检索阶段如何召回？", "RAG 的检索阶段有哪些召回方法？各自的优缺点是什么？"),
    ),
    (DIFFERENT, ("What is gradient clipping?", ""), ("What is gradient accumulation?", "")),
    (DIFFERENT, ("What is layer normalization?", ""), ("What is batch normalization?", "")),
    (DIFFERENT, ("大模型训练中的混合精度是什么？", ""), ("大模型训练中的数据并行是什么？", "")),
    (DIFFERENT, ("KV Cache 的作用是什么？", ""), ("KV Cache 如何节省显存？", "")),
    (DIFFERENT, ("什么是大模型的幻觉？", ""), ("如何检测大模型的幻觉？", "")),
    (DIFFERENT, ("Transformer 的自注意力如何计算？", ""), ("Transformer 的前馈网络如何计算？", "")),
    (DIFFERENT, ("什么是预训练？", ""), ("什么是预训练数据清洗？", "")),
]
