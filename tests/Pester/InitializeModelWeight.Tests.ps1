# Why Pester: reproducibility is a claim about separate processes, each importing the built module afresh, and numpy
# reading the files is a claim about another tool.
# The model: a Keras 3 Sequential 'sequential' with an InputLayer of 8 features, Dense(16) 'dense' (GlorotUniform,
# Zeros) and Dense(4) 'dense_1' (HeNormal, Zeros), all unseeded. By hand from the Dense formulas, with Keras 3's
# variable paths (a Sequential builds its layers under its own name scope): sequential/dense/kernel (8, 16),
# sequential/dense/bias (16,), sequential/dense_1/kernel (16, 4), sequential/dense_1/bias (4,).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $script:ModulePath -Force
    $script:Model = (Resolve-Path (Join-Path $PSScriptRoot '../Initializers.Tests/Fixtures/models/keras3_dense_mlp.json')).Path
    $script:Python = '/usr/bin/python3'
    $script:HasNumpy = $false
    if (Test-Path $Python) {
        & $Python -c 'import numpy' 2>$null
        $script:HasNumpy = $LASTEXITCODE -eq 0
    }
    function Get-Sha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }
}

Describe 'Initialize-ModelWeight across processes' {
    It 'two fresh processes with different thread counts write the same bytes' {
        $a = Join-Path $TestDrive 'a.safetensors'
        $b = Join-Path $TestDrive 'b.safetensors'
        $script = "Import-Module '$ModulePath'; Initialize-ModelWeight -LiteralPath '$Model' -Destination '{0}' -Seed 2026 | Out-Null"
        $env:DOTNET_PROCESSOR_COUNT = '1'
        try { $first = Invoke-FreshPwsh ($script -f $a) }
        finally { Remove-Item Env:DOTNET_PROCESSOR_COUNT }
        $second = Invoke-FreshPwsh ($script -f $b)
        $first.ExitCode | Should -Be 0 -Because ($first.Output -join "`n")
        $second.ExitCode | Should -Be 0 -Because ($second.Output -join "`n")
        Get-Sha256 $b | Should -Be (Get-Sha256 $a)
    }

    It 'the shards of three processes hold the tensors of one run, byte for byte' {
        $whole = @{}
        $single = Join-Path $TestDrive 'single' 'model.safetensors'
        New-Item -ItemType Directory (Split-Path $single) | Out-Null
        Initialize-ModelWeight -LiteralPath $Model -Destination $single -Seed 7 | Out-Null
        Import-Tensor -Path $single | ForEach-Object { $whole[$_.Name] = [Convert]::ToHexString($_.ToBytes()) }
        $destination = Join-Path $TestDrive 'model.safetensors'
        0..2 | ForEach-Object {
            $index = $_
            $r = Invoke-FreshPwsh "Import-Module '$ModulePath'; Initialize-ModelWeight -LiteralPath '$Model' -Destination '$destination' -Seed 7 -ShardIndex $index -ShardCount 3 | Out-Null"
            $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        }
        $union = @{}
        foreach ($i in 1..3) {
            Import-Tensor -Path (Join-Path $TestDrive ('model-{0:D5}-of-00003.safetensors' -f $i)) | ForEach-Object { $union[$_.Name] = [Convert]::ToHexString($_.ToBytes()) }
        }
        $union.Keys | Sort-Object | Should -Be ($whole.Keys | Sort-Object)
        foreach ($name in $whole.Keys) { $union[$name] | Should -Be $whole[$name] }
        $index = Get-Content -Raw (Join-Path $TestDrive 'model.safetensors.index.json') | ConvertFrom-Json -AsHashtable
        $index.metadata.total_size | Should -Be ((8 * 16 + 16 + 16 * 4 + 4) * 4)
        @($index.weight_map.Keys | Sort-Object) | Should -Be @('sequential/dense/bias', 'sequential/dense/kernel', 'sequential/dense_1/bias', 'sequential/dense_1/kernel' | Sort-Object)
        # Every name maps to the shard that holds it.
        foreach ($name in $index.weight_map.Keys) {
            (Import-Tensor -Path (Join-Path $TestDrive $index.weight_map[$name])).Name | Should -Contain $name
        }
    }
}

Describe 'Initialize-ModelWeight report' {
    It 'reports every weight, its seed and, with -Measure, Glorot and He std from the real fans' {
        $report = @(Initialize-ModelWeight -LiteralPath $Model -Destination (Join-Path $TestDrive 'r.safetensors') -Seed 99 -Measure)
        $report.Name | Should -Be 'sequential/dense/kernel', 'sequential/dense/bias', 'sequential/dense_1/kernel', 'sequential/dense_1/bias'
        ($report | ForEach-Object { $_.Shape -join 'x' }) | Should -Be '8x16', '16', '16x4', '4'
        ($report | ForEach-Object Bytes) | Should -Be 512, 64, 256, 16
        # Glorot uniform: sqrt(2 / (8 + 16)); He normal: sqrt(2 / 16); Zeros: 0.
        $report[0].ExpectedStd | Should -BeGreaterThan ([math]::Sqrt(2 / 24) * 0.999999)
        $report[0].ExpectedStd | Should -BeLessThan ([math]::Sqrt(2 / 24) * 1.000001)
        $report[2].ExpectedStd | Should -BeGreaterThan ([math]::Sqrt(2 / 16) * 0.999999)
        $report[2].ExpectedStd | Should -BeLessThan ([math]::Sqrt(2 / 16) * 1.000001)
        # 128 and 64 samples: a std estimate is within 30 % of the truth far beyond 5 sigma.
        $report[0].Std | Should -BeGreaterThan ([math]::Sqrt(2 / 24) * 0.7)
        $report[0].Std | Should -BeLessThan ([math]::Sqrt(2 / 24) * 1.3)
        $report[2].Std | Should -BeGreaterThan ([math]::Sqrt(2 / 16) * 0.6)
        $report[2].Std | Should -BeLessThan ([math]::Sqrt(2 / 16) * 1.4)
        $report[1].Std | Should -Be 0
        $report[1].Seed | Should -BeNullOrEmpty
    }

    It '-WhatIf reports the weights and writes nothing' {
        $path = Join-Path $TestDrive 'w.safetensors'
        $report = @(Initialize-ModelWeight -LiteralPath $Model -Destination $path -Seed 1 -WhatIf)
        $report.Count | Should -Be 4
        $report[0].File | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
    }

    It '-WhatIf lists every TensorFlow.js file it would write and every stale shard it would remove' {
        # -WhatIf named model.json only. The model's 212 float32 values (848 bytes) fit one 4 MiB shard, so the two
        # shards of the earlier 2-shard model.json would be removed; a shard-named file it does not name would not.
        $folder = Join-Path $TestDrive 'tfjs-whatif'
        $null = New-Item -ItemType Directory -Path $folder
        $json = Join-Path $folder 'model.json'
        Set-Content -LiteralPath $json -Value '{"format": "layers-model", "weightsManifest": [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": []}]}'
        Set-Content -LiteralPath (Join-Path $folder 'group1-shard1of2.bin') -Value 'earlier'
        Set-Content -LiteralPath (Join-Path $folder 'group1-shard2of2.bin') -Value 'earlier'
        Set-Content -LiteralPath (Join-Path $folder 'group1-shard3of3.bin') -Value 'not named'
        $run = Invoke-FreshPwsh "Import-Module '$ModulePath'; Initialize-ModelWeight -LiteralPath '$Model' -Destination '$json' -Seed 1 -WhatIf | Out-Null"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Be @(
            "What if: Performing the operation `"Overwrite`" on target `"$json (4 weights, 848 bytes)`"."
            "What if: Performing the operation `"Create`" on target `"$(Join-Path $folder 'group1-shard1of1.bin')`"."
            "What if: Performing the operation `"Remove stale shard`" on target `"$(Join-Path $folder 'group1-shard1of2.bin')`"."
            "What if: Performing the operation `"Remove stale shard`" on target `"$(Join-Path $folder 'group1-shard2of2.bin')`"."
        )
        (Get-ChildItem -LiteralPath $folder).Name | Sort-Object | Should -Be @('group1-shard1of2.bin', 'group1-shard2of2.bin', 'group1-shard3of3.bin', 'model.json')
    }

    It 'refuses to write a second TensorFlow.js model into a folder whose model.json names the same shard' {
        # b.json replaced a.json's group1-shard1of1.bin (the converter's name for every one-shard model): a.json then
        # loaded b's weights. -Force does not override it.
        $folder = Join-Path $TestDrive 'tfjs-two'
        $null = New-Item -ItemType Directory -Path $folder
        Initialize-ModelWeight -LiteralPath $Model -Destination (Join-Path $folder 'a.json') -Seed 1 | Out-Null
        $shard = Join-Path $folder 'group1-shard1of1.bin'
        $before = Get-Sha256 $shard
        { Initialize-ModelWeight -LiteralPath $Model -Destination (Join-Path $folder 'b.json') -Seed 2 -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'TfjsShardInUse,Initializers.PowerShell.Commands.InitializeModelWeightCommand'
        Get-Sha256 $shard | Should -Be $before
        (Get-ChildItem -LiteralPath $folder).Name | Sort-Object | Should -Be @('a.json', 'group1-shard1of1.bin')
    }

    It 'the table view fits 80 columns' {
        $report = Initialize-ModelWeight -LiteralPath $Model -Destination (Join-Path $TestDrive 'v.npz') -Seed 1 -WhatIf
        $lines = ($report | Format-Table | Out-String -Width 80) -split '\r?\n'
        $lines | Where-Object Length -GT 79 | Should -BeNullOrEmpty
        ($lines | Where-Object { $_ -like '*sequential/dense/kernel' }) | Should -Match '^GlorotUniform\s+\d+\s+\(8, 16\)\s+0\.289\s+sequential/dense/kernel$'
    }
}

Describe 'numpy reads the files' {
    It 'np.load reads the .npz and json/np.frombuffer the .safetensors, bit for bit alike' {
        if (-not $HasNumpy) { Set-ItResult -Skipped -Because '/usr/bin/python3 with numpy is not installed'; return }
        $npz = Join-Path $TestDrive 'n.npz'
        $st = Join-Path $TestDrive 'n.safetensors'
        Initialize-ModelWeight -LiteralPath $Model -Destination $npz -Seed 5 | Out-Null
        Initialize-ModelWeight -LiteralPath $Model -Destination $st -Seed 5 | Out-Null
        $py = @"
import numpy as np, json, struct
z = np.load(r'$npz')
b = open(r'$st', 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n])
meta = h.pop('__metadata__')
assert meta['initializers.base_seed'] == '5', meta
for name in sorted(h):
    s, t = h[name]['data_offsets']
    a = np.frombuffer(b[8 + n + s:8 + n + t], dtype='<f4').reshape(h[name]['shape'])
    assert a.tobytes() == z[name].tobytes(), name
    print(name, a.shape)
"@
        $out = & $Python -c $py 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Be 'sequential/dense/bias (16,)', 'sequential/dense/kernel (8, 16)', 'sequential/dense_1/bias (4,)', 'sequential/dense_1/kernel (16, 4)'
    }
}
