"""Which device to compute on: the GPU when there is one, else the CPU.

Code in the course follows the data: a model and its inputs live on the same
device, and ``fit`` moves the data to the model's device.
"""

from __future__ import annotations

import torch


def default_device() -> torch.device:
    """``torch.device("cuda")`` if a CUDA GPU is available, else ``torch.device("cpu")``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def resolve_device(device: str | torch.device | None) -> torch.device:
    """Turn ``None`` (meaning: the default device), a name or a device into a ``torch.device``."""
    if device is None:
        return default_device()
    if isinstance(device, str):
        try:
            device = torch.device(device)
        except RuntimeError as err:
            raise ValueError(f"device must name a torch device such as 'cpu' or 'cuda', got {device!r}") from err
    if not isinstance(device, torch.device):
        raise TypeError(f"device must be None, a str or a torch.device, got {type(device).__name__}")
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {str(device)!r} asks for a CUDA GPU, but this machine has none: "
                         "pass device='cpu' or leave device out")
    return device
