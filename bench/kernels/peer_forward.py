"""Three forward passes of the PyTorch peer's U-Net at batch 100, for oneDNN's verbose log (bench/kernels.sh)."""
import os, sys
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared/notes'))
import torch
from peer_unet_torch import UNet

torch.set_num_threads(2); torch.manual_seed(0)
m = UNet()
with torch.no_grad():
    x = torch.randn(100, 1, 28, 28); t = torch.randint(0, 100, (100,))
    for i in range(3):
        m(x, t)
