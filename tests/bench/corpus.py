"""A reproducible synthetic question bank for `make bench-search`.

Mixed Chinese/English Markdown, 1–3 KB per question, with lists and fenced
code; words drawn from a Zipf-like vocabulary so that queries range from
rare (a few hits in 100,000) to common (most of the bank). The same seed
always gives the same bank, and the first N questions of a larger bank are
the bank of size N.
"""

import itertools
import random
from datetime import UTC, datetime, timedelta

SEED = 20261129


def _words(text: str) -> list[str]:
    return text.split()


ZIPF_EXPONENT = 1.07

# Real words, spread over the frequency ranks so that fixed benchmark
# queries land at known frequencies: the first few are in almost every
# question, the last ones in a handful.
CHINESE_WORDS = _words(
    """
模型 数据 训练 大模型 问题 方法 系统 性能 优化 参数 评估 推理
算法 架构 网络 用户 服务 学习率 梯度 向量 检索 部署 微调 注意力
嵌入 缓存 索引 分布式 数据库 并发 事务 延迟 吞吐 损失函数 神经网络 量化
蒸馏 对齐 幻觉 提示词 上下文 分词 语料 标注 过拟合 正则化 批量 显存
算力 负载均衡 消息队列 一致性 可用性 副本 预训练 强化学习 奖励模型 知识图谱 多模态 特征工程
数据清洗 归一化 卷积 扩散模型 评测基准 召回率 精确率 鲁棒性 泛化能力 商业化 动态规划 二叉树
哈希表 链表 快速排序 死锁 内存泄漏 垃圾回收 协程 倒排索引 布隆过滤器 向量数据库 混合精度 梯度裁剪
知识蒸馏 模型剪枝 联邦学习 因果推断 稀疏注意力 旋转位置编码 专家混合
"""
)

ENGLISH_WORDS = _words(
    """
the model data training GPU Python API cache
index latency query transformer attention gradient embedding tokenizer
throughput PyTorch TensorFlow CUDA benchmark inference dataset pipeline
kernel Docker Kubernetes Redis Kafka PostgreSQL quantization distillation
backpropagation regularization hyperparameter checkpoint sharding replication consensus Raft
Paxos LoRA RLHF FlashAttention vLLM DeepSpeed
"""
)

# Planted terms: each question has a small, fixed chance of holding one, so
# they are rare at any size (about 1 in 10,000 questions).
RARE_TERMS = ["昇腾芯片", "鲲鹏处理器", "量子退火", "ZooKeeper", "Triton推理服务", "拜占庭容错"]
RARE_RATE = 1e-4

TAG_NAMES = [
    "大模型", "PyTorch", "分布式", "数据库", "算法", "系统设计", "推理优化", "训练技巧", "评估", "RAG",
    "GPU", "网络", "安全", "并发", "缓存", "Python", "Transformer", "强化学习", "多模态", "工程实践",
]  # fmt: skip

TITLE_TEMPLATES = [
    "什么是{0}？",
    "如何{0}{1}？",
    "{0}和{1}有什么区别？",
    "为什么{0}会影响{1}？",
    "请解释{0}中的{1}。",
    "{0}的{1}如何{2}？",
    "How does {e} affect {0}?",
    "在{e}中如何实现{0}？",
]

CODE_LINES = [
    "import torch",
    "import torch.nn as nn",
    "def {e}_step(batch, {f}):",
    "    loss = criterion(model(batch), {f})",
    "    loss.backward()",
    "    optimizer.step()",
    "for epoch in range({n}):",
    "    {e} = {f}.to('cuda')",
    "result = cache.get(key) or compute_{e}(key)",
    "SELECT id FROM {e} WHERE score > {n} ORDER BY score DESC;",
    "class {E}(nn.Module):",
    "    def forward(self, x):",
    "        return self.{e}(x) + x",
    "print(f'{e}: {{value:.3f}}')",
]


# Common characters, from which the long tail of synthetic words is made:
# they also occur inside and across the real words, as in real text.
COMMON_CHARACTERS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
    "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
    "道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特"
    "件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队"
    "南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风"
    "切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许"
    "步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列"
    "习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派"
)


class Corpus:
    def __init__(self, seed: int = SEED):
        rng = random.Random(seed)
        chars = list(COMMON_CHARACTERS)
        # Synthetic filler words make up the long tail of the vocabulary.
        filler = _unique("".join(rng.choices(chars, k=rng.choice((2, 2, 3)))) for _ in range(9000))
        self.chinese = self._spread(CHINESE_WORDS, filler)
        syllables = ["ka", "lo", "ren", "vi", "tor", "ax", "mi", "dun", "sel", "qu", "bra", "ne", "zo", "pi"]
        english_filler = _unique("".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(3000))
        self.english = self._spread(ENGLISH_WORDS, english_filler, last_rank=2000)
        self.chinese_weights = _zipf(len(self.chinese), ZIPF_EXPONENT)
        self.english_weights = _zipf(len(self.english), ZIPF_EXPONENT)
        self.tag_weights = _zipf(len(TAG_NAMES), 1.0)

    @staticmethod
    def _spread(real, filler, last_rank: int = 5000):
        """Real words at geometrically growing ranks, from 1 to `last_rank`,
        among the filler words."""
        growth = last_rank ** (1 / (len(real) - 1))
        words, filler = [], iter(filler)
        for i, word in enumerate(real):
            while len(words) + 1 < round(growth**i):
                words.append(next(filler))
            words.append(word)
        words.extend(filler)
        return words

    def questions(self, start: int, stop: int):
        """Questions number start … stop-1, each from its own seeded generator."""
        for number in range(start, stop):
            yield self.question(number)

    def question(self, number: int) -> dict:
        rng = random.Random(SEED * 1_000_003 + number)
        zh = _draws(rng, self.chinese, self.chinese_weights, 256)
        en = _draws(rng, self.english, self.english_weights, 32)
        title = rng.choice(TITLE_TEMPLATES).format(next(zh), next(zh), next(zh), e=next(en))
        body = self._paragraph(rng, zh, en, rng.randint(1, 3)) if rng.random() < 0.5 else ""
        parts = [self._paragraph(rng, zh, en, rng.randint(3, 6)) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.4:
            items = [f"{i}. **{next(zh)}**：{self._sentence(rng, zh, en)}" for i in range(1, 4)]
            parts.insert(1, "\n".join(items))
        if rng.random() < 0.35:
            lines = [
                line.format(e=next(en).lower(), E=next(en).title(), f=next(en).lower(), n=rng.randint(2, 99))
                for line in rng.sample(CODE_LINES, rng.randint(4, 9))
            ]
            parts.append("```python\n" + "\n".join(lines) + "\n```")
        if rng.random() < RARE_RATE * len(RARE_TERMS):
            parts.append(f"参见{rng.choice(RARE_TERMS)}的相关资料。")
        answer = "\n\n".join(parts)
        explanation = self._paragraph(rng, zh, en, rng.randint(1, 3))
        created = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        return {
            "id": number,
            "title": title,
            "body": body,
            "answer": answer,
            "explanation": explanation,
            "category": rng.randint(0, 3),
            "difficulty": rng.choice(("easy", "medium", "medium", "hard")),
            "status": "draft" if rng.random() < 0.05 else "published",
            "source": rng.randint(0, 19) if rng.random() < 0.3 else None,
            "tags": sorted(
                set(rng.choices(range(len(TAG_NAMES)), cum_weights=self.tag_weights, k=rng.randint(1, 4)))
            ),
            "created_at": created,
        }

    def _sentence(self, rng, zh, en) -> str:
        words = []
        for _ in range(rng.randint(6, 14)):
            words.append(next(zh))
            if rng.random() < 0.12:
                words.append(f" {next(en)} ")
        clauses = rng.randint(1, 2)
        if clauses == 2:
            words.insert(len(words) // 2, "，")
        return "".join(words).strip() + "。"

    def _paragraph(self, rng, zh, en, sentences: int) -> str:
        return "".join(self._sentence(rng, zh, en) for _ in range(sentences))


def _draws(rng, population, cum_weights, batch):
    """An endless stream of weighted draws, drawn in batches (much faster)."""
    while True:
        yield from rng.choices(population, cum_weights=cum_weights, k=batch)


def _unique(words) -> list[str]:
    return list(dict.fromkeys(words))


def _zipf(size: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights for ranks 1 … size."""
    return list(itertools.accumulate(rank**-exponent for rank in range(1, size + 1)))
