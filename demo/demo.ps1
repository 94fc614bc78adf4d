<#
.SYNOPSIS
    A short tour of the Initializers module: tensors, initializers, and configs in JSON and YAML.
    Run by build.ps1 Demo in a fresh pwsh against out/Initializers.
#>
param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/Initializers'))
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

function Step([string] $Title) { Write-Host "`n== $Title" -ForegroundColor Cyan }

Step 'The initializers the module knows'
Get-Initializer | Format-Table ClassName, Description -Wrap | Out-Host
Get-Initializer Constant | Format-List | Out-Host

Step 'A 3 x 4 tensor of zeros'
New-ZerosTensor -Shape 3, 4 | Out-Host

Step 'Constant 3 as a 2 x 3 int32 tensor, printed numpy style'
$t = New-Initializer Constant @{ value = 3 } | New-Tensor -Shape 2, 3 -DType int32
$t.ToString() | Out-Host

Step 'A Constant from a list fills row-major'
(New-Tensor @{ class_name = 'Constant'; config = @{ value = 1..6 } } -Shape 2, 3).ToString() | Out-Host

Step 'A seeded GlorotUniform: the same seed gives the same values'
$g = New-Initializer GlorotUniform -Seed 42
(New-Tensor $g -Shape 2, 3).ToString() | Out-Host
Write-Host ("Same again: " + ((New-Tensor $g -Shape 2, 3).ToString() -eq (New-Tensor $g -Shape 2, 3).ToString()))

Step 'The config of an initializer (Keras get_config)'
New-Initializer Constant @{ value = 0.5 } | Get-InitializerConfig | Out-Host

Step 'Keras 3 JSON'
New-Initializer Constant @{ value = 0.5 } | ConvertTo-InitializerConfig | Out-Host

Step 'YAML of a seeded initializer'
$g | ConvertTo-InitializerConfig -Format Yaml | Out-Host

Step 'Keras 2 YAML stream of two initializers'
$yaml = 'Zeros', 'Ones' | ConvertTo-InitializerConfig -Format Yaml -Style Keras2
$yaml | Out-Host

Step 'Back from YAML to initializers, and to tensors'
$yaml | ConvertFrom-InitializerConfig | New-Tensor -Shape 2 | Out-Host

Step 'Errors name the bad value'
try { New-ZerosTensor -Shape 2.5 } catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }
New-Initializer GlorotUnifrom -ErrorAction SilentlyContinue -ErrorVariable err
Write-Host "$($err[0].FullyQualifiedErrorId): $($err[0].Exception.Message)" -ForegroundColor Yellow

Step 'Errors in a file name the file, the element, and the line and column of the bad value'
$sweep = Join-Path ([System.IO.Path]::GetTempPath()) 'initializers-demo-sweep.yaml'
Set-Content -LiteralPath $sweep -Value "class_name: HeNormal`nconfig: {seed: 1}`n---`nclass_name: RandomNormal`nconfig:`n  stddev: -1"
Test-InitializerConfig -LiteralPath $sweep -Detailed | Out-Host
Import-InitializerConfig -LiteralPath $sweep -ErrorAction SilentlyContinue -ErrorVariable err | Out-Host
Write-Host "$($err[0].FullyQualifiedErrorId): $($err[0].Exception.Message)" -ForegroundColor Yellow
Remove-Item -LiteralPath $sweep

Step 'A tensor to a numpy .npy file and back'
$npy = Join-Path ([System.IO.Path]::GetTempPath()) 'initializers-demo-kernel.npy'
$g | New-Tensor -Shape 2, 3 | Export-Tensor -LiteralPath $npy -Force
Import-Tensor -LiteralPath $npy | Out-Host
Remove-Item -LiteralPath $npy
