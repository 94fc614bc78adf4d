<#
.SYNOPSIS
    Times Initialize-ModelWeight of a 1e8-parameter float32 model to .safetensors against Export-Tensor -Initializer of
    one 1e8-element HeNormal tensor to .safetensors (issue 12's speed target: within 1.3x), each in a fresh pwsh.
.DESCRIPTION
    Run after `dotnet pwsh ./build.ps1` (it imports out/Initializers). The model is a Keras 3 Sequential: an InputLayer
    of 5000 features, Dense(10000) and Dense(5000), HeNormal kernels and Zeros biases, unseeded (-Seed 1):
    5000*10000 + 10000 + 10000*5000 + 5000 = 100,015,000 float32 parameters (400 MB). The two commands alternate
    -Repeat times; the medians are reported with the load average (the machine may be shared). Files go to the temp
    folder and are deleted. Not part of the test task; no test asserts a time.
.EXAMPLE
    dotnet pwsh ./tools/Measure-ModelWeight.ps1 -Repeat 3
#>
param(
    [int] $Repeat = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Initializers')
)
$ErrorActionPreference = 'Stop'
$module = (Resolve-Path $ModulePath).Path
$temp = [System.IO.Path]::GetTempPath()
$model = Join-Path $temp ('measure-modelweight-' + [guid]::NewGuid().ToString('n') + '.json')
$dense = {
    param($name, $units)
    '{"class_name": "Dense", "config": {"name": "' + $name + '", "units": ' + $units + ', "kernel_initializer": {"class_name": "HeNormal", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}}'
}
Set-Content -LiteralPath $model -Value ('{"class_name": "Sequential", "config": {"name": "big", "layers": [' +
    '{"class_name": "InputLayer", "config": {"name": "input_layer", "batch_shape": [null, 5000]}}, ' +
    (& $dense 'dense' 10000) + ', ' + (& $dense 'dense_1' 5000) + ']}, "keras_version": "3.6.0"}')
$out = Join-Path $temp ('measure-modelweight-' + [guid]::NewGuid().ToString('n') + '.safetensors')
$commands = [ordered]@{
    'Initialize-ModelWeight (1.00015e8 parameters)' = "Initialize-ModelWeight -LiteralPath '$model' -Destination '$out' -Seed 1 -ProgressAction SilentlyContinue | Out-Null"
    'Export-Tensor -Initializer HeNormal (1e8)'     = "Export-Tensor -LiteralPath '$out' -Initializer @{ class_name = 'HeNormal'; config = @{ seed = 1 } } -Shape 10000, 10000 -ProgressAction SilentlyContinue"
}
function Measure-Once([string] $Command) {
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
`$clock = [System.Diagnostics.Stopwatch]::StartNew()
$Command
`$clock.Elapsed.TotalSeconds
"@
    $pwsh = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
    $prefix = @()
    if (-not $pwsh) { $pwsh = 'dotnet'; $prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
    $result = & $pwsh @prefix -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE) { throw "The measuring pwsh failed ($LASTEXITCODE): $result" }
    $bytes = (Get-Item -LiteralPath $out).Length
    Remove-Item -LiteralPath $out
    [pscustomobject]@{ Seconds = [double]($result | Select-Object -Last 1); Bytes = $bytes }
}
function Get-Load { if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' } }
try {
    $times = @{}
    $loads = @()
    foreach ($name in $commands.Keys) { $times[$name] = @() }
    for ($i = 0; $i -lt $Repeat; $i++) {
        foreach ($name in $commands.Keys) {
            $loads += Get-Load
            $r = Measure-Once $commands[$name]
            $times[$name] += $r.Seconds
            Write-Host ('{0}: {1:N2} s, {2:N0} bytes' -f $name, $r.Seconds, $r.Bytes)
        }
    }
    $median = { param($xs) $s = @($xs | Sort-Object); $s[[int][math]::Floor($s.Count / 2)] }
    $names = @($commands.Keys)
    $a = & $median $times[$names[0]]
    $b = & $median $times[$names[1]]
    [pscustomobject]@{
        ModelSeconds  = [math]::Round($a, 2)
        ExportSeconds = [math]::Round($b, 2)
        Ratio         = [math]::Round($a / $b, 2)
        LoadAverages  = $loads -join ' '
    }
}
finally {
    Remove-Item -LiteralPath $model, $out -ErrorAction SilentlyContinue
}
