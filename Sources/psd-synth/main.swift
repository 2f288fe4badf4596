import PSDSynth
print("psd-synth: not built yet")
