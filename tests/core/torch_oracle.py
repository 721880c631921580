"""PyTorch's own activations, the independent oracle for nnviz's forward and backward passes."""

import torch

TORCH_F = {
    "relu": torch.relu,
    "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "identity": lambda z: z,
    "softmax": lambda z: torch.softmax(z, dim=-1),
}
