"""The record of a training run, one entry per epoch.

Both training loops fill it: ``course_utils.training.fit`` (PyTorch) and
``course_utils.scratch.train_mlp`` (NumPy), so their runs can be plotted and
compared the same way. Plain Python: importing it needs neither NumPy nor torch.
"""

from dataclasses import dataclass, field

__all__ = ["History"]


@dataclass
class History:
    """What a training run measured, one entry per epoch in each list.

    train_loss : mean training loss over the epoch's batches
    val_loss, val_acc : on the validation data after the epoch (empty without validation data)
    seconds : training time of the epoch, the validation pass excluded
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
