# Why Pester: the README's GitHub Actions step runs as a CI job runs it, in a fresh pwsh that imports the built
# module by its manifest, and its exit code is what fails the job; the hosted xunit suite cannot see an exit code.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    # The run: lines of the README's GitHub Actions step, as written there.
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
    $yaml = [regex]::Match($readme, '(?s)## Model configs.*?```yaml\r?\n(.*?)```').Groups[1].Value
    $script:Step = ($yaml -split '\r?\n' | Select-Object -Skip 1 | Where-Object { $_ -match '^    \S' } | ForEach-Object { $_.Substring(4) } |
        Where-Object { $_ -notmatch '^run:' }) -join "`n"
    function Invoke-Step([string] $Directory) {
        Invoke-FreshPwsh ("Set-Location -LiteralPath '$Directory'`n" + $Step.Replace('Import-Module Initializers', "Import-Module '$ModulePath'"))
    }
    $script:Clean = '{"class_name": "Sequential", "config": {"name": "m", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2,' +
        ' "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": 1}}, "bias_initializer": "zeros"}}]}}'
}

Describe 'The README CI step' {
    It 'is the step the README shows' {
        $Step | Should -BeLike "Import-Module Initializers`n`$f = @(Test-ModelConfig models/*.json)*exit*"
    }

    It 'prints an annotation per finding, relative to the repository root, and fails the job on an error' {
        $root = Join-Path $TestDrive 'repo-error'
        New-Item -ItemType Directory -Force (Join-Path $root 'models') | Out-Null
        Set-Content -LiteralPath (Join-Path $root 'models/ok.json') -Value $Clean
        Set-Content -LiteralPath (Join-Path $root 'models/bad.json') -Value ($Clean.Replace('"zeros"', "`n" + '{"class_name": "Orthogonal", "config": {"seed": 2}}'))
        $result = Invoke-Step $root
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Be @(
            "::error file=models/bad.json,line=2,col=1,title=OrthogonalNeedsRank2::bias_initializer of layer 'd' is Orthogonal, but the Dense weight it fills has rank 1; Orthogonal needs at least two dimensions.")
    }

    It 'passes with warnings only, and prints them' {
        $root = Join-Path $TestDrive 'repo-warning'
        New-Item -ItemType Directory -Force (Join-Path $root 'models') | Out-Null
        Set-Content -LiteralPath (Join-Path $root 'models/m.json') -Value $Clean.Replace('{"seed": 1}', '{"seed": null}')
        $result = Invoke-Step $root
        $result.ExitCode | Should -Be 0
        $result.Output | Should -BeLike '::warning file=models/m.json,line=1,col=*,title=UnseededInitializer::kernel_initializer of layer ''d'' (GlorotUniform) has no seed*'
    }

    It 'fails the job on a file that is not valid JSON, at its line and column' {
        $root = Join-Path $TestDrive 'repo-broken'
        New-Item -ItemType Directory -Force (Join-Path $root 'models') | Out-Null
        Set-Content -LiteralPath (Join-Path $root 'models/m.json') -Value "{`"class_name`": `"Sequential`",`n `"config`": [}"
        $result = Invoke-Step $root
        $result.ExitCode | Should -Be 1
        $result.Output | Should -BeLike '::error file=models/m.json,line=2,col=13,title=ConfigParseFailed::*'
    }
}
